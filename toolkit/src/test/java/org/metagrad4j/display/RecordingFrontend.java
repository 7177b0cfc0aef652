package org.metagrad4j.display;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A notebook front end that records what it is sent. */
final class RecordingFrontend extends KernelFrontend {
    record Output(String kind, String displayId, Map<String, String> bundle) {
    }

    final List<Output> outputs = new ArrayList<>();
    private final boolean notebook;

    RecordingFrontend(boolean notebook) {
        this.notebook = notebook;
    }

    @Override
    void show(Map<String, String> bundle, String displayId) {
        outputs.add(new Output("show", displayId, bundle));
    }

    @Override
    void update(String displayId, Map<String, String> bundle) {
        outputs.add(new Output("update", displayId, bundle));
    }

    @Override
    boolean isNotebook() {
        return notebook;
    }
}
