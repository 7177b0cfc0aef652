package org.metagrad4j.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Finds the real datasets for tests: the data root from {@code metagrad4j.data} or
 * {@code METAGRAD4J_DATA}, else the {@code ../shared/data} folder next to the repository checkout.
 */
public final class SharedTestData {

    private SharedTestData() {
    }

    /** Returns the data root, if one is configured or the fallback folder exists. */
    public static Optional<Path> root() {
        String configured = System.getProperty(DataDirectory.PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(DataDirectory.VARIABLE);
        }
        if (configured != null && !configured.isBlank()) {
            return Optional.of(DataDirectory.root());
        }
        for (Path folder = Paths.get("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve("pom.xml")) && Files.isDirectory(folder.resolve("toolkit"))) {
                Path fallback = folder.resolveSibling("shared").resolve("data");
                return Files.isDirectory(fallback) ? Optional.of(fallback) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Returns the Omniglot folder if it contains both npz files. */
    public static Optional<Path> omniglot() {
        return root().map(r -> r.resolve("omniglot"))
                .filter(d -> Files.isRegularFile(d.resolve("images_background.npz"))
                        && Files.isRegularFile(d.resolve("images_evaluation.npz")));
    }

    /** Returns the reason used when real-data tests are skipped. */
    public static String missingReason() {
        return "Omniglot npz files not found: set " + DataDirectory.VARIABLE + " or -D" + DataDirectory.PROPERTY
                + " to a data root with omniglot/images_background.npz and images_evaluation.npz";
    }
}
