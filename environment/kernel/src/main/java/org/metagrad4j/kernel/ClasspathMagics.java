package org.metagrad4j.kernel;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.dflib.jjava.jupyter.kernel.util.PathsHandler;
import org.metagrad4j.kernel.CellExceptions.MagicException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IJava-compatible class-path magics and environment variable.
 *
 * <ul>
 *   <li>{@code %jars GLOB...} adds the jar files each glob matches; a glob that matches no file
 *       is an error that names the glob and the directory it was resolved against.</li>
 *   <li>{@code %classpath PATH...} adds jar files or class directories, globs allowed; without
 *       arguments it prints the entries added so far.</li>
 *   <li>{@link #ENVIRONMENT_VARIABLE} ({@code IJAVA_CLASSPATH}, as in IJava) lists entries to add
 *       at start-up, separated by the platform's path separator; globs are allowed.</li>
 * </ul>
 * Relative paths resolve against the kernel's working directory, which Jupyter sets to the
 * notebook's directory.
 */
final class ClasspathMagics {
    private static final Logger LOG = LoggerFactory.getLogger(ClasspathMagics.class);
    /** The environment variable that lists class-path entries to add when the kernel starts. */
    static final String ENVIRONMENT_VARIABLE = "IJAVA_CLASSPATH";

    private final Consumer<String> addToClasspath;
    private final Set<String> added = new LinkedHashSet<>();

    /** @param addToClasspath adds one absolute path to the compiler's and the loader's class path */
    ClasspathMagics(Consumer<String> addToClasspath) {
        this.addToClasspath = addToClasspath;
    }

    /** Runs {@code %jars}: every argument is a glob that must match at least one jar file. */
    void jars(List<String> globs, PrintStream out) throws MagicException {
        if (globs.isEmpty()) {
            throw new MagicException("%jars needs at least one glob, e.g. %jars ../toolkit/target/*.jar");
        }
        List<Path> jars = new ArrayList<>();
        for (String glob : globs) {
            List<Path> matches = resolve(glob).stream().filter(path -> path.toString().endsWith(".jar")).toList();
            if (matches.isEmpty()) {
                throw new MagicException(noMatchMessage("%jars", glob, "jar file"));
            }
            jars.addAll(matches);
        }
        jars.forEach(this::add);
    }

    /** Runs {@code %classpath}: adds jars or directories, or prints the added entries without arguments. */
    void classpath(List<String> globs, PrintStream out) throws MagicException {
        if (globs.isEmpty()) {
            added.forEach(out::println);
            return;
        }
        List<Path> entries = new ArrayList<>();
        for (String glob : globs) {
            List<Path> matches = resolve(glob);
            if (matches.isEmpty()) {
                throw new MagicException(noMatchMessage("%classpath", glob, "file or directory"));
            }
            entries.addAll(matches);
        }
        entries.forEach(this::add);
    }

    /**
     * Adds the entries of {@link #ENVIRONMENT_VARIABLE}.
     *
     * @return one warning per entry that matched nothing
     */
    List<String> addFromEnvironment(String value) {
        List<String> warnings = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return warnings;
        }
        for (String entry : PathsHandler.split(value)) {
            List<Path> matches = resolve(entry);
            if (matches.isEmpty()) {
                warnings.add(noMatchMessage(ENVIRONMENT_VARIABLE, entry, "file or directory"));
            }
            matches.forEach(this::add);
        }
        return warnings;
    }

    /** Returns the absolute class-path entries added so far, in order. */
    List<String> added() {
        return List.copyOf(added);
    }

    private void add(Path path) {
        String absolute = path.toAbsolutePath().normalize().toString();
        if (added.add(absolute)) {
            addToClasspath.accept(absolute);
        }
    }

    private static List<Path> resolve(String glob) {
        try {
            List<Path> matches = PathsHandler.resolveGlobs(glob);
            return matches.stream().filter(Files::exists).sorted().toList();
        } catch (RuntimeException e) {
            // The base library throws when the directory before the first wildcard does not exist.
            LOG.debug("Glob '{}' matched nothing: {}", glob, e.toString());
            return List.of();
        }
    }

    private static String noMatchMessage(String source, String glob, String kind) {
        return source + ": no " + kind + " matches '" + glob + "' (resolved against "
                + Paths.get("").toAbsolutePath() + "). Check the path, or build the project first "
                + "(e.g. mvn -DskipTests package).";
    }
}
