package org.metagrad4j.display;

import java.util.Map;

/**
 * A result that a notebook can show richly.
 *
 * <p>The bundle maps MIME types to content and always contains {@code text/plain} and
 * {@code text/html}; it may add {@code image/png} (base64) or others. Outside a kernel, the
 * display helpers print the {@code text/plain} entry. The toolkit has no compile-time
 * dependency on any kernel: helpers find the running kernel by reflection.
 */
public interface Displayable {

    /** Returns the MIME bundle, with at least {@code text/plain} and {@code text/html}. */
    Map<String, String> mimeBundle();
}
