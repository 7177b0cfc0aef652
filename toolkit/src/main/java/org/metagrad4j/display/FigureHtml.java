package org.metagrad4j.display;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import tech.tablesaw.plotly.components.Figure;

/**
 * Renders a jsplot {@link Figure} as HTML that draws without network access.
 *
 * <p>jsplot's own pages load plotly.js from a CDN, so the toolkit ships plotly.js 2.35.3
 * (MIT licence, next to it as a resource) and inlines it into the first chart rendered in each
 * JVM; later charts wait for {@code window.Plotly}. Version 2 is pinned because plotly.js 3
 * ignores the string {@code title} that jsplot writes into the layout.
 *
 * <p>Where require.js is loaded (classic Jupyter Notebook, and nbconvert HTML exports when
 * Debian's {@code libjs-requirejs} is installed) plotly.js's UMD header would register it as an
 * anonymous AMD module and leave {@code window.Plotly} unset. The inlined copy therefore runs
 * inside a function whose {@code define} parameter is undefined, so it always sets
 * {@code window.Plotly} and never calls require.js.
 */
final class FigureHtml {
    private static final String PLOTLY_RESOURCE = "plotly/plotly-2.35.3.min.js";
    /** How long a chart waits for plotly.js before saying it is missing, in milliseconds. */
    private static final int PLOTLY_WAIT_MS = 10_000;

    private static final AtomicBoolean PLOTLY_INLINED = new AtomicBoolean();
    private static volatile String plotlySource;

    private FigureHtml() {
    }

    static String plainText(Figure figure) {
        Object title = figure.getLayout() == null ? null : figure.getLayout().getTitle();
        return "Figure" + (title == null ? "" : " '" + title + "'")
                + " (a Plotly chart; open the notebook in Jupyter to see it)";
    }

    // NOTE: plotly.js is inlined into the first chart of each JVM only. A chart rendered after
    // that first output was cleared from the page waits, then shows a message asking to rerun.
    static String html(Figure figure) {
        String divName = "metagrad4j_figure_" + UUID.randomUUID().toString().replace("-", "");
        StringBuilder html = new StringBuilder();
        html.append("<div id=\"").append(divName).append("\"></div>\n");
        if (PLOTLY_INLINED.compareAndSet(false, true)) {
            html.append("<script type=\"text/javascript\">(function (define) {\n")
                    .append(plotlySource())
                    .append("\n}).call(window, undefined);</script>\n");
        }
        html.append("<script type=\"text/javascript\">\n(function () {\n")
                .append("  var waitedMs = 0;\n")
                .append("  function draw() {\n")
                .append("    var Plotly = window.Plotly;\n")
                .append("    if (!Plotly) {\n")
                .append("      if (waitedMs < ").append(PLOTLY_WAIT_MS).append(") { waitedMs += 50; setTimeout(draw, 50); return; }\n")
                .append("      document.getElementById('").append(divName).append("').textContent = ")
                .append("'plotly.js is not loaded on this page: rerun the cell with the first chart, or restart the kernel and run all cells.';\n")
                .append("      return;\n")
                .append("    }\n")
                .append(scriptBody(figure.asJavascript(divName)))
                .append("\n  }\n  draw();\n})();\n</script>");
        return html.toString();
    }

    /** Strips the {@code <script>} tags jsplot wraps around its drawing code. */
    private static String scriptBody(String script) {
        String body = script.strip();
        if (body.startsWith("<script>")) {
            body = body.substring("<script>".length());
        }
        if (body.endsWith("</script>")) {
            body = body.substring(0, body.length() - "</script>".length());
        }
        return body;
    }

    private static String plotlySource() {
        String source = plotlySource;
        if (source == null) {
            try (InputStream in = FigureHtml.class.getResourceAsStream(PLOTLY_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("Resource " + PLOTLY_RESOURCE + " is missing from the toolkit jar; rebuild the toolkit");
                }
                source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + PLOTLY_RESOURCE, e);
            }
            plotlySource = source;
        }
        return source;
    }

    /** Makes the next chart inline plotly.js again; for tests. */
    static void resetForTesting() {
        PLOTLY_INLINED.set(false);
    }
}
