package org.metagrad4j.datasets;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data root that loaders search when no explicit path is given.
 *
 * <p>The system property {@value #PROPERTY} wins over the environment variable {@value #VARIABLE};
 * without either the root is {@value #DEFAULT_RELATIVE}. A relative value resolves against the
 * repository root, not the working directory, because Jupyter kernels run inside
 * {@code notebooks/}. The repository root is the nearest folder holding {@code pom.xml},
 * {@code toolkit/} and {@code notebooks/}, searched upwards from the working directory and then
 * from the location of the toolkit's classes or jar. When neither search finds it, relative values
 * resolve against the working directory and a warning is logged once.
 *
 * <p>Datasets live in subfolders: {@code omniglot/} and {@code fashion-mnist/}.
 */
public final class DataDirectory {
    /** The environment variable naming the data root. */
    public static final String VARIABLE = "METAGRAD4J_DATA";
    /** The system property naming the data root; it overrides {@value #VARIABLE}. */
    public static final String PROPERTY = "metagrad4j.data";
    /** The data root used when neither setting is present, relative to the repository root. */
    public static final String DEFAULT_RELATIVE = "datasets/data";

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);
    private static final AtomicBoolean WARNED_NO_REPOSITORY = new AtomicBoolean();

    private DataDirectory() {
    }

    /**
     * Returns the data root from {@value #PROPERTY}, {@value #VARIABLE} or the default, as an
     * absolute path. The folder need not exist.
     */
    public static Path root() {
        String configured = configuredValue();
        String value = configured == null ? DEFAULT_RELATIVE : configured;
        Path path = Paths.get(value);
        if (path.isAbsolute()) {
            return path.normalize();
        }
        Optional<Path> repository = repositoryRoot();
        if (repository.isPresent()) {
            return repository.get().resolve(path).normalize();
        }
        Path resolved = path.toAbsolutePath().normalize();
        if (WARNED_NO_REPOSITORY.compareAndSet(false, true)) {
            LOG.warn("Repository root not found above the working directory or the toolkit's location; "
                + "data root '{}' resolves against the working directory to {}. "
                + "Set {} or -D{} to an absolute path to avoid this.", value, resolved, VARIABLE, PROPERTY);
        }
        return resolved;
    }

    /**
     * Returns a dataset's folder under the data root, such as {@code resolve("omniglot")}.
     *
     * @param datasetFolder the subfolder name
     */
    public static Path resolve(String datasetFolder) {
        return root().resolve(datasetFolder);
    }

    /** Returns a one-line description of where the data root comes from, for error messages. */
    public static String describe() {
        String configured = configuredValue();
        String source;
        if (System.getProperty(PROPERTY) != null && !System.getProperty(PROPERTY).isBlank()) {
            source = "system property " + PROPERTY + "=" + configured;
        } else if (configured != null) {
            source = "environment variable " + VARIABLE + "=" + configured;
        } else {
            source = "default " + DEFAULT_RELATIVE + " (set " + VARIABLE + " or -D" + PROPERTY + " to change it)";
        }
        return "data root " + root() + " from " + source;
    }

    private static String configuredValue() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            return property.trim();
        }
        String variable = System.getenv(VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return variable.trim();
        }
        return null;
    }

    /**
     * Returns the repository root: the nearest folder holding {@code pom.xml}, {@code toolkit/} and
     * {@code notebooks/} above the working directory, else above the toolkit's classes or jar.
     */
    public static Optional<Path> repositoryRoot() {
        List<Path> starts = new ArrayList<>();
        starts.add(Paths.get("").toAbsolutePath());
        codeLocation().ifPresent(starts::add);
        for (Path start : starts) {
            Optional<Path> found = findRepositoryRoot(start);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Returns the nearest folder at or above {@code start} that looks like the repository root. */
    static Optional<Path> findRepositoryRoot(Path start) {
        for (Path folder = start.toAbsolutePath().normalize(); folder != null; folder = folder.getParent()) {
            if (Files.isRegularFile(folder.resolve("pom.xml"))
                    && Files.isDirectory(folder.resolve("toolkit"))
                    && Files.isDirectory(folder.resolve("notebooks"))) {
                return Optional.of(folder);
            }
        }
        return Optional.empty();
    }

    private static Optional<Path> codeLocation() {
        CodeSource source = DataDirectory.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Paths.get(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            LOG.debug("Cannot turn the toolkit's code location {} into a path", source.getLocation(), e);
            return Optional.empty();
        }
    }
}
