package org.metagrad4j.display;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The place where {@link Display} sends MIME bundles: a Jupyter kernel found by reflection, or
 * standard output.
 */
abstract class KernelFrontend {
    private static final Logger LOG = LoggerFactory.getLogger(KernelFrontend.class);
    private static volatile KernelFrontend current;

    /** Sends a bundle as a new output under {@code displayId}. */
    abstract void show(Map<String, String> bundle, String displayId);

    /** Replaces the output shown under {@code displayId}. */
    abstract void update(String displayId, Map<String, String> bundle);

    /** Returns whether this front end is a notebook rather than standard output. */
    abstract boolean isNotebook();

    /** Returns the front end for this JVM, detected once. */
    static KernelFrontend current() {
        KernelFrontend frontend = current;
        if (frontend == null) {
            synchronized (KernelFrontend.class) {
                frontend = current;
                if (frontend == null) {
                    frontend = detect();
                    current = frontend;
                }
            }
        }
        return frontend;
    }

    /** Replaces the detected front end; for tests. */
    static void setCurrentForTesting(KernelFrontend frontend) {
        current = frontend;
    }

    private static KernelFrontend detect() {
        ClassLoader loader = KernelFrontend.class.getClassLoader();
        Optional<KernelFrontend> found = Metagrad4jKernel.find(loader)
                .or(() -> BaseKernelFrontend.findJJava(loader))
                .or(() -> BaseKernelFrontend.findIJava(loader));
        if (found.isPresent()) {
            LOG.debug("Display output goes to {}", found.get());
            return found.get();
        }
        return new PlainText();
    }

    private static Optional<Class<?>> loadClass(String name, ClassLoader loader) {
        try {
            return Optional.of(Class.forName(name, true, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** Prints the {@code text/plain} entry; the display contract's fallback outside a kernel. */
    static final class PlainText extends KernelFrontend {
        @Override
        void show(Map<String, String> bundle, String displayId) {
            System.out.println(bundle.get("text/plain"));
        }

        @Override
        void update(String displayId, Map<String, String> bundle) {
            System.out.println(bundle.get("text/plain"));
        }

        @Override
        boolean isNotebook() {
            return false;
        }

        @Override
        public String toString() {
            return "standard output";
        }
    }

    /**
     * The metagrad4j kernel, through its public bridge class {@code org.metagrad4j.kernel.Notebook},
     * whose methods take only JDK types.
     */
    static final class Metagrad4jKernel extends KernelFrontend {
        private final Method showBundle;
        private final Method updateBundle;

        private Metagrad4jKernel(Class<?> bridge) throws NoSuchMethodException {
            showBundle = bridge.getMethod("showBundle", Map.class, String.class);
            updateBundle = bridge.getMethod("updateBundle", String.class, Map.class);
        }

        static Optional<KernelFrontend> find(ClassLoader loader) {
            return loadClass("org.metagrad4j.kernel.Notebook", loader).flatMap(bridge -> {
                try {
                    if (!Boolean.TRUE.equals(bridge.getMethod("isActive").invoke(null))) {
                        return Optional.empty();
                    }
                    return Optional.of(new Metagrad4jKernel(bridge));
                } catch (ReflectiveOperationException e) {
                    LOG.warn("The metagrad4j kernel's bridge class {} is incompatible with this toolkit; showing plain text",
                            bridge.getName(), e);
                    return Optional.empty();
                }
            });
        }

        @Override
        void show(Map<String, String> bundle, String displayId) {
            Reflection.invoke(showBundle, null, bundle, displayId);
        }

        @Override
        void update(String displayId, Map<String, String> bundle) {
            Reflection.invoke(updateBundle, null, displayId, bundle);
        }

        @Override
        boolean isNotebook() {
            return true;
        }

        @Override
        public String toString() {
            return "the metagrad4j kernel";
        }
    }

    /**
     * A kernel built on IJava's base library ({@code io.github.spencerpark.jupyter}) or JJava's
     * ({@code org.dflib.jjava.jupyter}), which share the {@code BaseKernel}, {@code DisplayData}
     * and {@code JupyterIO.display} API used here.
     */
    static final class BaseKernelFrontend extends KernelFrontend {
        private final Object kernel;
        private final String description;
        private final Class<?> displayDataClass;
        private final Method putData;
        private final Method setDisplayId;
        private final Method display;
        private final Method getIO;

        private BaseKernelFrontend(Object kernel, String basePackage, String description) throws ReflectiveOperationException {
            this.kernel = kernel;
            this.description = description;
            ClassLoader kernelLoader = kernel.getClass().getClassLoader();
            displayDataClass = Class.forName(basePackage + ".kernel.display.DisplayData", true, kernelLoader);
            putData = displayDataClass.getMethod("putData", String.class, Object.class);
            setDisplayId = displayDataClass.getMethod("setDisplayId", String.class);
            display = kernel.getClass().getMethod("display", displayDataClass);
            getIO = kernel.getClass().getMethod("getIO");
        }

        static Optional<KernelFrontend> findJJava(ClassLoader loader) {
            return loadClass("org.dflib.jjava.jupyter.kernel.BaseKernel", loader)
                    .flatMap(base -> kernelFrom(base, "notebookKernel"))
                    .flatMap(kernel -> create(kernel, "org.dflib.jjava.jupyter", "the JJava kernel"));
        }

        static Optional<KernelFrontend> findIJava(ClassLoader loader) {
            return loadClass("io.github.spencerpark.ijava.IJava", loader)
                    .flatMap(ijava -> kernelFrom(ijava, "getKernelInstance"))
                    .flatMap(kernel -> create(kernel, "io.github.spencerpark.jupyter", "the IJava kernel"));
        }

        private static Optional<Object> kernelFrom(Class<?> owner, String staticGetter) {
            try {
                return Optional.ofNullable(owner.getMethod(staticGetter).invoke(null));
            } catch (ReflectiveOperationException e) {
                return Optional.empty();
            }
        }

        private static Optional<KernelFrontend> create(Object kernel, String basePackage, String description) {
            try {
                return Optional.of(new BaseKernelFrontend(kernel, basePackage, description));
            } catch (ReflectiveOperationException e) {
                LOG.warn("Found {} but its display API differs from the expected one; showing plain text", description, e);
                return Optional.empty();
            }
        }

        private Object displayData(Map<String, String> bundle, String displayId) {
            try {
                Object data = displayDataClass.getConstructor().newInstance();
                for (Map.Entry<String, String> entry : bundle.entrySet()) {
                    putData.invoke(data, entry.getKey(), entry.getValue());
                }
                setDisplayId.invoke(data, displayId);
                return data;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Could not build a DisplayData for " + description, e);
            }
        }

        @Override
        void show(Map<String, String> bundle, String displayId) {
            Reflection.invoke(display, kernel, displayData(bundle, displayId));
        }

        @Override
        void update(String displayId, Map<String, String> bundle) {
            try {
                Object io = getIO.invoke(kernel);
                Object stream = io.getClass().getField("display").get(io);
                Method updateDisplay = stream.getClass().getMethod("updateDisplay", String.class, displayDataClass);
                updateDisplay.invoke(stream, displayId, displayData(bundle, displayId));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Could not update display " + displayId + " in " + description, e);
            }
        }

        @Override
        boolean isNotebook() {
            return true;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /** Reflective calls whose failures become unchecked exceptions with the method named. */
    static final class Reflection {
        private Reflection() {
        }

        static Object invoke(Method method, Object target, Object... arguments) {
            try {
                return method.invoke(target, arguments);
            } catch (ReflectiveOperationException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new IllegalStateException("Kernel display call " + method.getDeclaringClass().getName() + "."
                        + method.getName() + " failed: " + cause, cause);
            }
        }
    }
}
