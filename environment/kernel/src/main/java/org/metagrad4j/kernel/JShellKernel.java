package org.metagrad4j.kernel;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.metagrad4j.kernel.CellExceptions.CellException;
import org.metagrad4j.kernel.CellExceptions.CellInterruptedException;
import org.metagrad4j.kernel.CellExceptions.CompilationException;
import org.metagrad4j.kernel.CellExceptions.EvaluationException;
import org.metagrad4j.kernel.CellExceptions.MagicException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Jupyter kernel that evaluates Java cells with JShell in its own JVM.
 *
 * <p>Objects, loaded classes and native libraries such as ND4J's backend persist between cells.
 * A cell may mix Java code with line magics ({@code %jars}, {@code %classpath}); they run in
 * order. The value of the cell's last expression is shown unless the expression ends with a
 * semicolon (as in IPython), or is an assignment.
 */
final class JShellKernel extends BaseKernel {
    private static final Logger LOG = LoggerFactory.getLogger(JShellKernel.class);
    private static final Pattern MAGIC_LINE = Pattern.compile("^\\s*%(\\w+)(.*)$");
    /** The imports the jshell tool starts with, which IJava and JJava also provide. */
    private static final List<String> DEFAULT_IMPORTS = List.of(
            "java.io.*", "java.math.*", "java.net.*", "java.nio.file.*", "java.util.*",
            "java.util.concurrent.*", "java.util.function.*", "java.util.prefs.*",
            "java.util.regex.*", "java.util.stream.*");

    private final JShell jshell;
    private final CellExecutionControl control;
    private final DisplayRenderer renderer;
    private final ClasspathMagics classpathMagics;
    /** Origin of each snippet (cell and line), by JShell snippet id, for error locations. */
    private final Map<String, SnippetLocation> snippetLocations = new ConcurrentHashMap<>();

    private record SnippetLocation(int executionCount, int firstLine) {
        String describe(int lineInSnippet) {
            return "cell [" + executionCount + "], line " + (firstLine + lineInSnippet - 1);
        }
    }

    private record Segment(String text, int firstLine, String magicName, String magicArguments) {
        boolean isMagic() {
            return magicName != null;
        }
    }

    private JShellKernel(String name, String version, LanguageInfo languageInfo, HistoryManager historyManager,
                         JupyterIO io, CommManager commManager, Renderer baseRenderer, MagicParser magicParser,
                         MagicsRegistry magicsRegistry, StringStyler errorStyler) {
        super(name, version, languageInfo, List.of(), historyManager, io, commManager, baseRenderer, magicParser,
                magicsRegistry, false, errorStyler);
        this.control = new CellExecutionControl();
        this.jshell = JShell.builder()
                .executionEngine(new ExecutionControlProvider() {
                    @Override
                    public String name() {
                        return "metagrad4j-local";
                    }

                    @Override
                    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                        return control;
                    }
                }, Map.of())
                .build();
        this.renderer = new DisplayRenderer(control::cellClassLoader);
        this.classpathMagics = new ClasspathMagics(jshell::addToClasspath);
        Notebook.attach(this);
    }

    /** Creates the kernel, runs the start-up imports and adds the {@code IJAVA_CLASSPATH} entries. */
    static JShellKernel create(String version) {
        LanguageInfo languageInfo = new LanguageInfo("java", Runtime.version().toString(), "text/x-java",
                ".jshell", "java", "java", "script");
        JShellKernel kernel = new Builder(languageInfo).name("metagrad4j-java").version(version).build();
        kernel.start();
        return kernel;
    }

    private void start() {
        // The kernel's own jar provides Notebook.display to cells; the compiler needs it on its class path.
        jshell.addToClasspath(kernelLocation());
        for (String warning : classpathMagics.addFromEnvironment(System.getenv(ClasspathMagics.ENVIRONMENT_VARIABLE))) {
            LOG.warn(warning);
        }
        List<String> startup = new ArrayList<>();
        DEFAULT_IMPORTS.forEach(name -> startup.add("import " + name + ";"));
        startup.add("import static org.metagrad4j.kernel.Notebook.display;");
        startup.add("import static org.metagrad4j.kernel.Notebook.updateDisplay;");
        for (String snippet : startup) {
            for (SnippetEvent event : jshell.eval(snippet)) {
                if (event.status() == Snippet.Status.REJECTED) {
                    LOG.error("Start-up snippet '{}' was rejected: {}", snippet, diagnostics(event.snippet()));
                }
            }
        }
    }

    private static String kernelLocation() {
        try {
            return Path.of(JShellKernel.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the kernel's jar", e);
        }
    }

    DisplayRenderer renderer() {
        return renderer;
    }

    @Override
    public String getBanner() {
        return "metagrad4j Java kernel (JShell, Java " + Runtime.version() + ")";
    }

    @Override
    public DisplayData eval(String code) {
        Object[] value = runCell(code);
        return value == null || value[0] == null ? null : renderer.render(value[0]);
    }

    @Override
    public Object evalRaw(String code) {
        Object[] value = runCell(code);
        return value == null ? null : value[0];
    }

    /** Runs a cell; returns a one-element array with the value to show, or null when there is none. */
    private Object[] runCell(String code) throws CellException {
        control.resetForCell();
        int executionCount = this.executionCount.get() - 1;
        Object[] shown = null;
        for (Segment segment : segments(code)) {
            if (segment.isMagic()) {
                runMagic(segment);
                shown = null;
            } else {
                shown = runCode(segment.text(), segment.firstLine(), executionCount);
            }
        }
        return shown;
    }

    /** Splits a cell into runs of Java code and single magic lines, keeping their first line numbers. */
    private static List<Segment> segments(String code) {
        List<Segment> segments = new ArrayList<>();
        String[] lines = code.split("\n", -1);
        StringBuilder block = new StringBuilder();
        int blockFirstLine = 1;
        for (int i = 0; i < lines.length; i++) {
            Matcher magic = MAGIC_LINE.matcher(lines[i]);
            if (magic.matches()) {
                if (!block.toString().isBlank()) {
                    segments.add(new Segment(block.toString(), blockFirstLine, null, null));
                }
                segments.add(new Segment(lines[i], i + 1, magic.group(1), magic.group(2).trim()));
                block.setLength(0);
                blockFirstLine = i + 2;
            } else {
                block.append(lines[i]).append('\n');
            }
        }
        if (!block.toString().isBlank()) {
            segments.add(new Segment(block.toString(), blockFirstLine, null, null));
        }
        return segments;
    }

    private void runMagic(Segment segment) throws MagicException {
        List<String> arguments = MagicArguments.split(segment.magicArguments());
        PrintStream out = System.out;
        switch (segment.magicName()) {
            case "jars" -> classpathMagics.jars(arguments, out);
            case "classpath" -> classpathMagics.classpath(arguments, out);
            default -> throw new MagicException("Unknown line magic %" + segment.magicName()
                    + " on cell line " + segment.firstLine() + "; this kernel supports %jars and %classpath");
        }
    }

    private Object[] runCode(String code, int firstLine, int executionCount) throws CellException {
        SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
        String remaining = code;
        Object[] shown = null;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            String source = info.completeness().isComplete() ? info.source() : remaining;
            String rest = info.completeness().isComplete() ? info.remaining() : "";
            int consumed = code.length() - remaining.length();
            int start = snippetStart(code, consumed, source);
            // Line 1 of a snippet is where its source begins, leading line breaks included, because
            // JShell reports diagnostic positions and stack-frame lines relative to that source.
            int leadingBlank = countNewlines(source, source.length() - source.stripLeading().length());
            int snippetFirstLine = firstLine + countNewlines(code, start) - leadingBlank;

            shown = runSnippet(source, new SnippetLocation(executionCount, snippetFirstLine));
            remaining = rest;
        }
        return shown;
    }

    private Object[] runSnippet(String source, SnippetLocation location) throws CellException {
        Object[] shown = null;
        for (SnippetEvent event : jshell.eval(source)) {
            if (event.causeSnippet() != null) {
                continue;
            }
            Snippet snippet = event.snippet();
            snippetLocations.put(snippet.id(), location);
            if (control.wasStopped()) {
                throw new CellInterruptedException();
            }
            if (event.status() == Snippet.Status.REJECTED) {
                throw compilationError(snippet, source, location);
            }
            if (event.exception() != null) {
                throw evaluationError(event.exception());
            }
            if (event.status() == Snippet.Status.RECOVERABLE_DEFINED || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                System.err.println("Note: " + snippet.source().lines().findFirst().orElse("") + " can be used once "
                        + String.join(", ", unresolved(snippet)) + " is defined.");
            }
            shown = showsValue(snippet, source) && control.isResultKey(event.value())
                    ? new Object[] {control.result(event.value())}
                    : null;
        }
        return shown;
    }

    private List<String> unresolved(Snippet snippet) {
        if (snippet instanceof jdk.jshell.DeclarationSnippet) {
            return jshell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) snippet).toList();
        }
        return List.of();
    }

    private static boolean showsValue(Snippet snippet, String source) {
        if (source.strip().endsWith(";")) {
            return false;
        }
        Snippet.SubKind subKind = snippet.subKind();
        if (snippet.kind() == Snippet.Kind.EXPRESSION) {
            return subKind.hasValue() && subKind != Snippet.SubKind.ASSIGNMENT_SUBKIND;
        }
        return subKind == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    /** Returns where a snippet starts in the cell block, skipping the whitespace JShell dropped. */
    private static int snippetStart(String code, int consumed, String source) {
        String head = source.strip();
        head = head.substring(0, Math.min(20, head.length()));
        int found = head.isEmpty() ? -1 : code.indexOf(head, consumed);
        if (found >= 0) {
            return found;
        }
        int start = consumed;
        while (start < code.length() && Character.isWhitespace(code.charAt(start))) {
            start++;
        }
        return start;
    }

    private static int countNewlines(String text, int end) {
        int count = 0;
        for (int i = 0; i < Math.min(end, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        return count;
    }

    private String diagnostics(Snippet snippet) {
        return String.join("; ", jshell.diagnostics(snippet).map(diag -> diag.getMessage(Locale.ROOT)).toList());
    }

    private CompilationException compilationError(Snippet snippet, String source, SnippetLocation location) {
        String text = snippet.source() == null ? source : snippet.source();
        List<String> traceback = new ArrayList<>();
        String firstMessage = null;
        for (Diag diag : jshell.diagnostics(snippet).toList()) {
            if (!diag.isError()) {
                continue;
            }
            String message = diag.getMessage(Locale.ROOT);
            if (firstMessage == null) {
                firstMessage = message.lines().findFirst().orElse(message);
            }
            long position = Math.max(0, diag.getStartPosition() >= 0 ? diag.getStartPosition() : diag.getPosition());
            long end = Math.max(position + 1, diag.getEndPosition());
            int lineStart = text.lastIndexOf('\n', (int) Math.min(position, text.length()) - 1) + 1;
            int lineEnd = text.indexOf('\n', lineStart);
            lineEnd = lineEnd < 0 ? text.length() : lineEnd;
            int lineInSnippet = countNewlines(text, lineStart) + 1;

            // JShell wraps snippets in an unnamed class, so javac's "location: class " line gives no useful location.
            message = message.replaceAll("\\n\\s*location: class\\s*$", "");
            traceback.add("Compilation error in " + location.describe(lineInSnippet) + ": " + message);
            traceback.add("    " + text.substring(lineStart, lineEnd));
            int caretStart = (int) position - lineStart;
            int caretEnd = (int) Math.min(end, lineEnd) - lineStart;
            traceback.add("    " + " ".repeat(Math.max(0, caretStart)) + "^".repeat(Math.max(1, caretEnd - caretStart)));
        }
        if (firstMessage == null) {
            firstMessage = "the snippet was rejected";
            traceback.add("Compilation error in " + location.describe(1) + ": " + firstMessage);
        }
        return new CompilationException(firstMessage, traceback);
    }

    private EvaluationException evaluationError(JShellException exception) {
        if (exception instanceof UnresolvedReferenceException) {
            Snippet snippet = ((UnresolvedReferenceException) exception).getSnippet();
            String message = "This cell uses " + snippet.source().lines().findFirst().orElse("a declaration")
                    + ", which cannot run until " + String.join(", ", unresolved(snippet)) + " is defined";
            return new EvaluationException(message, List.of(message));
        }
        // JShell's EvalException chain names the thrown classes and maps cell frames to snippet
        // ids and lines ("#12", line 3), which the kernel turns into cell numbers and lines.
        List<String> traceback = new ArrayList<>();
        String message = describeThrown(exception);
        Set<Throwable> seen = new LinkedHashSet<>();
        String prefix = "";
        for (Throwable current = exception; current != null && seen.add(current); current = current.getCause()) {
            traceback.add(prefix + describeThrown(current));
            appendFrames(traceback, current.getStackTrace());
            prefix = "Caused by: ";
        }
        return new EvaluationException(message, traceback);
    }

    private static String describeThrown(Throwable thrown) {
        String className = thrown instanceof EvalException ? ((EvalException) thrown).getExceptionClassName() : thrown.getClass().getName();
        return thrown.getMessage() == null ? className : className + ": " + thrown.getMessage();
    }

    /** Adds the frames of user and library code, ending at the cell; the kernel's frames are left out. */
    private void appendFrames(List<String> traceback, StackTraceElement[] frames) {
        int end = frames.length;
        for (int i = frames.length - 1; i >= 0; i--) {
            if (isCellFrame(frames[i])) {
                end = i + 1;
                break;
            }
        }
        for (int i = 0; i < end; i++) {
            StackTraceElement frame = frames[i];
            if (end == frames.length && isKernelFrame(frame)) {
                break;
            }
            traceback.add("    at " + describe(frame));
        }
    }

    /** Returns whether a frame is cell code: JShell maps those to an empty class and a "#id" file. */
    private static boolean isCellFrame(StackTraceElement frame) {
        String fileName = frame.getFileName();
        return frame.getClassName().startsWith("REPL.") || (fileName != null && fileName.startsWith("#"));
    }

    private static boolean isKernelFrame(StackTraceElement frame) {
        String name = frame.getClassName();
        return name.startsWith("org.metagrad4j.kernel.") || name.startsWith("jdk.internal.reflect.")
                || name.startsWith("java.lang.reflect.") || name.startsWith("jdk.jshell.");
    }

    private String describe(StackTraceElement frame) {
        if (!isCellFrame(frame)) {
            return frame.toString();
        }
        String fileName = frame.getFileName();
        SnippetLocation location = fileName != null && fileName.startsWith("#")
                ? snippetLocations.get(fileName.substring(1))
                : null;
        String where = location != null ? location.describe(frame.getLineNumber())
                : "snippet " + fileName + ", line " + frame.getLineNumber();
        String method = frame.getMethodName();
        return method.isEmpty() || method.equals("do_it$") ? where : method + " (" + where + ")";
    }

    @Override
    public List<String> formatError(Throwable error) {
        if (error instanceof CellException) {
            return ((CellException) error).traceback();
        }
        return super.formatError(error);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<SourceCodeAnalysis.Documentation> documentation = jshell.sourceCodeAnalysis().documentation(code, at, extraDetail);
        if (documentation.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (SourceCodeAnalysis.Documentation entry : documentation) {
            text.append(entry.signature()).append('\n');
            if (entry.javadoc() != null) {
                text.append(entry.javadoc()).append("\n\n");
            }
        }
        return new DisplayData(text.toString().strip());
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<SourceCodeAnalysis.Suggestion> suggestions = jshell.sourceCodeAnalysis().completionSuggestions(code, at, anchor);
        Set<String> matchingType = new LinkedHashSet<>();
        Set<String> others = new LinkedHashSet<>();
        for (SourceCodeAnalysis.Suggestion suggestion : suggestions) {
            (suggestion.matchesType() ? matchingType : others).add(suggestion.continuation());
        }
        matchingType.addAll(others);
        return matchingType.isEmpty() ? null : new ReplacementOptions(new ArrayList<>(matchingType), anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        SourceCodeAnalysis.Completeness completeness = jshell.sourceCodeAnalysis().analyzeCompletion(code).completeness();
        return switch (completeness) {
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> IS_COMPLETE_YES;
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "    ";
            case UNKNOWN -> IS_COMPLETE_BAD;
        };
    }

    @Override
    public void interrupt() {
        LOG.info("Interrupt requested");
        jshell.stop();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        jshell.close();
    }

    /** Builds the kernel with the base library's defaults for everything but the language. */
    private static final class Builder extends BaseKernelBuilder<Builder, JShellKernel> {
        private final LanguageInfo languageInfo;

        Builder(LanguageInfo languageInfo) {
            this.languageInfo = languageInfo;
        }

        @Override
        public JShellKernel build() {
            return new JShellKernel(buildName(), buildVersion(), languageInfo, buildHistoryManager(),
                    buildJupyterIO(buildJupyterIOEncoding()), buildCommManager(), buildRenderer(),
                    new MagicParser("^\\s*%", "^\\s*%%", buildMagicTranspiler()), buildMagicsRegistry(),
                    buildErrorStyler());
        }
    }
}
