package org.metagrad4j.display;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * Shows values in the running Jupyter kernel, or as plain text outside one.
 *
 * <p>The toolkit has no compile-time dependency on any kernel. On first use this class looks for
 * a running kernel by reflection, in this order: the metagrad4j kernel
 * ({@code org.metagrad4j.kernel.Notebook}), JJava ({@code org.dflib.jjava}) and IJava
 * ({@code io.github.spencerpark.ijava}). Without one, {@link #show} and {@link #update} print the
 * {@code text/plain} entry of the bundle to standard output.
 *
 * <p>{@link #bundle} converts a value to a MIME bundle: a Tablesaw {@link Table} becomes a bounded
 * HTML table, a jsplot {@link Figure} an offline Plotly chart (plotly.js 2.35.3 is bundled and
 * inlined into the first chart shown in each JVM), a {@link Displayable} returns its own bundle,
 * and anything else its {@code toString()}.
 */
public final class Display {

    private Display() {
    }

    /**
     * Shows a value as a new output of the current cell.
     *
     * @param value a {@link Table}, {@link Figure}, {@link Displayable} or any other object
     * @return the display id, which {@link #update} accepts to replace this output in place
     */
    public static String show(Object value) {
        String displayId = UUID.randomUUID().toString();
        KernelFrontend.current().show(bundle(value), displayId);
        return displayId;
    }

    /**
     * Replaces the output shown under {@code displayId} with a new value. Outside a kernel this
     * prints the value's plain text.
     *
     * @param displayId an id returned by {@link #show}
     * @param value the new value to show
     */
    public static void update(String displayId, Object value) {
        if (displayId == null || displayId.isBlank()) {
            throw new IllegalArgumentException("displayId must be an id returned by Display.show, got '" + displayId + "'");
        }
        KernelFrontend.current().update(displayId, bundle(value));
    }

    /**
     * Converts a value to a MIME bundle.
     *
     * @param value the value to convert; {@code null} gives the plain text {@code null}
     * @return an insertion-ordered map from MIME type to content that always has {@code text/plain};
     *     tables, figures and {@link Displayable} results also have {@code text/html}
     */
    public static Map<String, String> bundle(Object value) {
        Map<String, String> bundle = new LinkedHashMap<>();
        if (value instanceof Displayable) {
            Map<String, String> own = ((Displayable) value).mimeBundle();
            bundle.putAll(own);
            bundle.putIfAbsent("text/plain", String.valueOf(value));
        } else if (value instanceof Table) {
            Table table = (Table) value;
            bundle.put("text/plain", TableHtml.plainText(table));
            bundle.put("text/html", TableHtml.html(table));
        } else if (value instanceof Figure) {
            Figure figure = (Figure) value;
            bundle.put("text/plain", FigureHtml.plainText(figure));
            bundle.put("text/html", FigureHtml.html(figure));
        } else {
            bundle.put("text/plain", String.valueOf(value));
        }
        return bundle;
    }

    /** Returns whether a Jupyter kernel (metagrad4j, JJava or IJava) runs in this JVM. */
    public static boolean inNotebook() {
        return KernelFrontend.current().isNotebook();
    }
}
