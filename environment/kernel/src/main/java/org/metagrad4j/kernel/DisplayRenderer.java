package org.metagrad4j.kernel;

import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns cell values into Jupyter display data.
 *
 * <p>The kernel has no compile-time dependency on the toolkit or Tablesaw. When the notebook has
 * loaded the toolkit, values go through its {@code org.metagrad4j.display.Display.bundle}, which
 * renders Tablesaw tables, jsplot figures and {@code Displayable} results. Without the toolkit,
 * an object with a public {@code Map<String, String> mimeBundle()} method uses that bundle, an
 * image becomes {@code image/png}, and anything else its {@code toString()}.
 */
final class DisplayRenderer {
    private static final Logger LOG = LoggerFactory.getLogger(DisplayRenderer.class);
    private static final String TOOLKIT_DISPLAY = "org.metagrad4j.display.Display";

    private final Supplier<ClassLoader> cellClassLoader;

    /** @param cellClassLoader returns the class loader of the notebook's code, or null before the first cell */
    DisplayRenderer(Supplier<ClassLoader> cellClassLoader) {
        this.cellClassLoader = cellClassLoader;
    }

    /** Renders a value; a {@link DisplayData} passes through unchanged. */
    DisplayData render(Object value) {
        if (value instanceof DisplayData) {
            return (DisplayData) value;
        }
        return toDisplayData(bundle(value));
    }

    static DisplayData toDisplayData(Map<String, String> bundle) {
        DisplayData data = new DisplayData();
        bundle.forEach(data::putData);
        return data;
    }

    private Map<String, String> bundle(Object value) {
        Map<String, String> toolkitBundle = toolkitBundle(value);
        if (toolkitBundle != null) {
            return toolkitBundle;
        }
        Map<String, String> ownBundle = ownBundle(value);
        if (ownBundle != null) {
            return ownBundle;
        }
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/plain", String.valueOf(value));
        if (value instanceof RenderedImage) {
            String png = png((RenderedImage) value);
            if (png != null) {
                bundle.put("image/png", png);
            }
        }
        return bundle;
    }

    private Map<String, String> toolkitBundle(Object value) {
        ClassLoader loader = value != null && value.getClass().getClassLoader() != null
                ? value.getClass().getClassLoader()
                : cellClassLoader.get();
        if (loader == null) {
            return null;
        }
        Class<?> display;
        try {
            display = Class.forName(TOOLKIT_DISPLAY, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
        try {
            return stringMap(display.getMethod("bundle", Object.class).invoke(null, value));
        } catch (ReflectiveOperationException e) {
            LOG.warn("{}.bundle failed for a {}; showing its text", TOOLKIT_DISPLAY, value.getClass().getName(), e);
            return null;
        }
    }

    private static Map<String, String> ownBundle(Object value) {
        if (value == null) {
            return null;
        }
        try {
            Method mimeBundle = value.getClass().getMethod("mimeBundle");
            if (!Map.class.isAssignableFrom(mimeBundle.getReturnType())) {
                return null;
            }
            return stringMap(mimeBundle.invoke(value));
        } catch (NoSuchMethodException e) {
            return null;
        } catch (ReflectiveOperationException e) {
            LOG.warn("mimeBundle() of a {} failed; showing its text", value.getClass().getName(), e);
            return null;
        }
    }

    private static Map<String, String> stringMap(Object map) {
        if (!(map instanceof Map)) {
            return null;
        }
        Map<String, String> bundle = new LinkedHashMap<>();
        ((Map<?, ?>) map).forEach((type, content) -> bundle.put(String.valueOf(type), String.valueOf(content)));
        return bundle;
    }

    private static String png(RenderedImage image) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "png", bytes)) {
                return null;
            }
            return Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (IOException e) {
            LOG.warn("Could not encode an image as PNG", e);
            return null;
        }
    }
}
