package org.metagrad4j.display;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A progress bar for meta-training and benchmarks.
 *
 * <p>In a notebook it is one output that updates in place (a Jupyter display id), at most every
 * {@link #NOTEBOOK_UPDATE_INTERVAL}. Outside a notebook it prints a line at most every
 * {@link #PLAIN_TEXT_INTERVAL} and one when it closes.
 *
 * <pre>{@code
 * try (ProgressBar progress = ProgressBar.start("meta-training", steps)) {
 *     for (int step = 0; step < steps; step++) {
 *         ...
 *         progress.advance();
 *         progress.status(String.format("loss %.3f", loss));
 *     }
 * }
 * }</pre>
 */
public final class ProgressBar implements Displayable, AutoCloseable {
    /** Minimum time between in-place updates in a notebook. */
    public static final Duration NOTEBOOK_UPDATE_INTERVAL = Duration.ofMillis(200);
    /** Minimum time between printed lines outside a notebook. */
    public static final Duration PLAIN_TEXT_INTERVAL = Duration.ofSeconds(10);
    private static final int BAR_WIDTH = 30;

    private final String label;
    private final long total;
    private final KernelFrontend frontend;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final String displayId;

    private long completed;
    private String status = "";
    private long lastOutputNanos;
    private boolean closed;

    private ProgressBar(String label, long total, KernelFrontend frontend, LongSupplier nanoClock) {
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0, got " + total);
        }
        this.label = label == null ? "" : label;
        this.total = total;
        this.frontend = frontend;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.lastOutputNanos = startNanos;
        this.displayId = java.util.UUID.randomUUID().toString();
        if (frontend.isNotebook()) {
            frontend.show(mimeBundle(), displayId);
        }
    }

    /**
     * Starts a progress bar and shows it in the notebook, if there is one.
     *
     * @param label what is being counted, e.g. {@code "meta-training"}
     * @param total the number of steps at completion, {@code >= 0}
     * @return the running progress bar; close it when the work ends
     */
    public static ProgressBar start(String label, long total) {
        return new ProgressBar(label, total, KernelFrontend.current(), System::nanoTime);
    }

    /** Starts a progress bar on a given front end and clock; for tests. */
    static ProgressBar start(String label, long total, KernelFrontend frontend, LongSupplier nanoClock) {
        return new ProgressBar(label, total, frontend, nanoClock);
    }

    /** Advances by one step. */
    public void advance() {
        advance(1);
    }

    /**
     * Advances by a number of steps; the count stops at {@code total}.
     *
     * @param steps steps completed since the last call, {@code >= 0}
     */
    public synchronized void advance(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        completed = Math.min(total, completed + steps);
        refresh(false);
    }

    /**
     * Sets a short status shown after the counts, e.g. the latest loss.
     *
     * @param text the status; {@code null} clears it
     */
    public synchronized void status(String text) {
        status = text == null ? "" : text;
        refresh(false);
    }

    /** Returns the number of completed steps. */
    public synchronized long completed() {
        return completed;
    }

    /** Returns the number of steps at completion. */
    public long total() {
        return total;
    }

    /** Shows the final state; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        refresh(true);
        closed = true;
    }

    private void refresh(boolean force) {
        if (closed) {
            return;
        }
        long now = nanoClock.getAsLong();
        Duration interval = frontend.isNotebook() ? NOTEBOOK_UPDATE_INTERVAL : PLAIN_TEXT_INTERVAL;
        if (!force && now - lastOutputNanos < interval.toNanos()) {
            return;
        }
        lastOutputNanos = now;
        frontend.update(displayId, mimeBundle());
    }

    /** Returns a bundle with a {@code <progress>} element in HTML and a text bar in plain text. */
    @Override
    public synchronized Map<String, String> mimeBundle() {
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", toString());
        bundle.put("text/html", "<div class=\"metagrad4j-progress\"><span>" + TableHtml.escape(label) + "</span> "
                + "<progress value=\"" + completed + "\" max=\"" + Math.max(total, 1) + "\" style=\"width:20em\"></progress> "
                + "<span>" + TableHtml.escape(counts()) + "</span></div>");
        return bundle;
    }

    /** Returns one line: label, text bar, counts, elapsed time, estimated time left and status. */
    @Override
    public synchronized String toString() {
        int filled = total == 0 ? BAR_WIDTH : (int) (BAR_WIDTH * completed / total);
        return label + " [" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "] " + counts();
    }

    private String counts() {
        double fraction = total == 0 ? 1.0 : (double) completed / total;
        double elapsedSeconds = (nanoClock.getAsLong() - startNanos) / 1e9;
        StringBuilder text = new StringBuilder();
        text.append(completed).append('/').append(total)
                .append(String.format(Locale.ROOT, " (%.0f%%), %s elapsed", 100 * fraction, seconds(elapsedSeconds)));
        if (completed > 0 && completed < total) {
            double leftSeconds = elapsedSeconds * (total - completed) / completed;
            text.append(", about ").append(seconds(leftSeconds)).append(" left");
        }
        if (!status.isEmpty()) {
            text.append(", ").append(status);
        }
        return text.toString();
    }

    private static String seconds(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long whole = Math.round(seconds);
        return String.format(Locale.ROOT, "%d min %02d s", whole / 60, whole % 60);
    }
}
