package org.metagrad4j.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final AtomicLong clock = new AtomicLong();

    private void advanceClockMillis(long millis) {
        clock.addAndGet(millis * 1_000_000L);
    }

    @Test
    void notebookBarShowsThenUpdatesInPlace() {
        RecordingFrontend frontend = new RecordingFrontend(true);
        ProgressBar progress = ProgressBar.start("training", 10, frontend, clock::get);

        progress.advance();
        advanceClockMillis(300);
        progress.advance();
        progress.close();

        assertEquals("show", frontend.outputs.get(0).kind());
        assertEquals(3, frontend.outputs.size(), "one show, one throttled update, one final update");
        String displayId = frontend.outputs.get(0).displayId();
        assertTrue(frontend.outputs.stream().allMatch(output -> output.displayId().equals(displayId)));
        assertTrue(frontend.outputs.get(2).bundle().get("text/html").contains("<progress value=\"2\" max=\"10\""));
    }

    @Test
    void plainTextPrintsSparsely() {
        RecordingFrontend frontend = new RecordingFrontend(false);
        ProgressBar progress = ProgressBar.start("benchmark", 1000, frontend, clock::get);

        for (int step = 0; step < 1000; step++) {
            advanceClockMillis(25);
            progress.advance();
        }
        progress.close();

        assertEquals(3, frontend.outputs.size(), "25 s of work: lines at 10 s and 20 s, and the final line");
        assertTrue(frontend.outputs.get(2).bundle().get("text/plain").contains("1000/1000 (100%)"));
    }

    @Test
    void countStopsAtTotal() {
        ProgressBar progress = ProgressBar.start("x", 3, new RecordingFrontend(false), clock::get);

        progress.advance(5);

        assertEquals(3, progress.completed());
    }

    @Test
    void textShowsStatusAndTimeLeft() {
        ProgressBar progress = ProgressBar.start("meta-training", 4, new RecordingFrontend(false), clock::get);
        advanceClockMillis(2000);
        progress.advance();
        progress.status("loss 0.500");

        String text = progress.toString();

        assertTrue(text.startsWith("meta-training [#######......................."), text);
        assertTrue(text.contains("1/4 (25%), 2.0 s elapsed, about 6.0 s left, loss 0.500"), text);
    }

    @Test
    void negativeInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ProgressBar.start("x", -1, new RecordingFrontend(false), clock::get));
        ProgressBar progress = ProgressBar.start("x", 1, new RecordingFrontend(false), clock::get);
        assertThrows(IllegalArgumentException.class, () -> progress.advance(-1));
    }
}
