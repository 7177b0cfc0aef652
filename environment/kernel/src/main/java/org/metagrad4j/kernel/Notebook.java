package org.metagrad4j.kernel;

import java.util.Map;
import java.util.UUID;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * Display functions for notebook cells, and the bridge the toolkit's display helpers call.
 *
 * <p>Every cell sees {@link #display(Object)} and {@link #updateDisplay(String, Object)} through a
 * static import, as in IJava. The toolkit's {@code org.metagrad4j.display.Display} calls
 * {@link #isActive()}, {@link #showBundle} and {@link #updateBundle} by reflection; those take
 * only JDK types, so they work across the kernel's and the notebook's class loaders.
 */
public final class Notebook {
    private static volatile JShellKernel kernel;

    private Notebook() {
    }

    static void attach(JShellKernel running) {
        kernel = running;
    }

    /** Returns whether a metagrad4j kernel is running in this JVM. */
    public static boolean isActive() {
        return kernel != null;
    }

    /**
     * Shows a value as a new output of the current cell: tables, charts and toolkit results richly,
     * other objects as text.
     *
     * @param value the value to show
     * @return the display id, for {@link #updateDisplay(String, Object)}
     */
    public static String display(Object value) {
        String displayId = UUID.randomUUID().toString();
        DisplayData data = running().renderer().render(value);
        data.setDisplayId(displayId);
        running().display(data);
        return displayId;
    }

    /**
     * Replaces an output shown by {@link #display(Object)} with a new value.
     *
     * @param displayId the id {@link #display(Object)} returned
     * @param value the new value
     */
    public static void updateDisplay(String displayId, Object value) {
        DisplayData data = running().renderer().render(value);
        running().getIO().display.updateDisplay(displayId, data);
    }

    /**
     * Shows a MIME bundle under a display id; called by the toolkit's display helpers.
     *
     * @param bundle MIME type to content, e.g. {@code text/html}; {@code image/png} is base64
     * @param displayId the id of the new output, which {@link #updateBundle} may replace later
     */
    public static void showBundle(Map<String, String> bundle, String displayId) {
        DisplayData data = DisplayRenderer.toDisplayData(bundle);
        data.setDisplayId(displayId);
        running().display(data);
    }

    /**
     * Replaces the output shown under a display id with a new MIME bundle.
     *
     * @param displayId the id passed to {@link #showBundle}
     * @param bundle the new content
     */
    public static void updateBundle(String displayId, Map<String, String> bundle) {
        running().getIO().display.updateDisplay(displayId, DisplayRenderer.toDisplayData(bundle));
    }

    private static JShellKernel running() {
        JShellKernel current = kernel;
        if (current == null) {
            throw new IllegalStateException("No metagrad4j kernel runs in this JVM; display functions work only in its notebooks");
        }
        return current;
    }
}
