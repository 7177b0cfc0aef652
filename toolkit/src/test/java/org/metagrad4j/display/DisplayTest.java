package org.metagrad4j.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

class DisplayTest {

    @AfterEach
    void restoreFrontend() {
        KernelFrontend.setCurrentForTesting(null);
    }

    private static Table table(int rows) {
        return Table.create("history",
                IntColumn.create("step", IntStream.range(0, rows).toArray()),
                DoubleColumn.create("loss", IntStream.range(0, rows).mapToDouble(i -> 1.0 / (i + 1)).toArray()));
    }

    private static Figure figure(String title) {
        ScatterTrace trace = ScatterTrace.builder(new double[] {1, 2, 3}, new double[] {3, 1, 2})
                .mode(ScatterTrace.Mode.LINE).build();
        return new Figure(Layout.builder().title(title).build(), trace);
    }

    @Test
    void bundleOfShortTableHasEveryRow() {
        Map<String, String> bundle = Display.bundle(table(3));

        assertTrue(bundle.get("text/html").contains("<caption>history (3 rows \u00d7 2 columns)</caption>"));
        assertEquals(3, bundle.get("text/html").split("<tr><th>\\d").length - 1);
        assertTrue(bundle.get("text/plain").contains("loss"));
    }

    @Test
    void bundleOfLongTableIsBounded() {
        String html = Display.bundle(table(1000)).get("text/html");

        assertEquals(2 * TableHtml.EDGE_ROWS, html.split("<tr><th>\\d").length - 1);
        assertTrue(html.contains("<tr><th>999</th>"));
        assertFalse(html.contains("<tr><th>500</th>"));
        assertTrue(html.contains("\u2026"));
    }

    @Test
    void tableCellsAreEscaped() {
        Table table = Table.create("t", StringColumn.create("name", "<b>&'\""));

        String html = Display.bundle(table).get("text/html");

        assertTrue(html.contains("&lt;b&gt;&amp;&#39;&quot;"));
        assertFalse(html.contains("<b>&"));
    }

    @Test
    void firstFigureInlinesPlotlyOnce() {
        FigureHtml.resetForTesting();

        String first = Display.bundle(figure("Loss curve")).get("text/html");
        String second = Display.bundle(figure("Second")).get("text/html");

        assertTrue(first.contains("plotly.js v2.35.3"));
        assertTrue(first.contains("}).call(window, undefined);"), "plotly.js must run with define hidden");
        assertFalse(second.contains("plotly.js v2.35.3"));
        assertTrue(second.contains("title: 'Second'"));
        assertTrue(second.contains("window.Plotly"));
        assertFalse(first.contains("<script src="), "no script may load from the network");
    }

    @Test
    void figurePlainTextNamesTitle() {
        assertTrue(Display.bundle(figure("Loss curve")).get("text/plain").contains("'Loss curve'"));
    }

    @Test
    void displayableKeepsItsBundle() {
        Displayable result = () -> Map.of("text/plain", "plain", "text/html", "<i>rich</i>");

        Map<String, String> bundle = Display.bundle(result);

        assertEquals("plain", bundle.get("text/plain"));
        assertEquals("<i>rich</i>", bundle.get("text/html"));
    }

    @Test
    void otherObjectsUseToString() {
        assertEquals(Map.of("text/plain", "42"), Display.bundle(42));
        assertEquals(Map.of("text/plain", "null"), Display.bundle(null));
    }

    @Test
    void showAndUpdateUseOneDisplayId() {
        RecordingFrontend frontend = new RecordingFrontend(true);
        KernelFrontend.setCurrentForTesting(frontend);

        String id = Display.show("first");
        Display.update(id, "second");

        assertEquals(2, frontend.outputs.size());
        assertEquals(id, frontend.outputs.get(1).displayId());
        assertEquals("second", frontend.outputs.get(1).bundle().get("text/plain"));
        assertTrue(Display.inNotebook());
    }

    @Test
    void updateRejectsBlankId() {
        assertThrows(IllegalArgumentException.class, () -> Display.update(" ", "x"));
    }

    @Test
    void outsideKernelFrontendIsPlainText() {
        assertFalse(Display.inNotebook());
    }
}
