package org.metagrad4j.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf, "Fashion-MNIST: a Novel Image Dataset for Benchmarking
 * Machine Learning Algorithms", arXiv:1708.07747, 2017; Zalando, MIT licence): 28 × 28 greyscale
 * images of 10 clothing classes, 60,000 for training and 10,000 for testing, read with
 * {@link IdxFiles} as values in [0, 1].
 *
 * <p>The files are searched in {@code $METAGRAD4J_DATA/fashion-mnist/} (see {@link DataDirectory})
 * and then in {@value #DEBIAN_DIRECTORY}, where Debian's {@code dataset-fashion-mnist} package
 * installs them; each file may be gzip-compressed ({@code .gz}) or plain.
 *
 * <p>With 10 classes, N-way episodes over the training images use the classes as they are; split
 * classes with {@link MetaSplits#byClassCounts} for a few-shot benchmark.
 */
public final class FashionMnist {
    /** The folder where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final String DEBIAN_DIRECTORY = "/usr/share/datasets/fashion-mnist";

    private static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }

    /** Returns the class names by label 0..9. */
    public static List<String> classNames() {
        return CLASS_NAMES;
    }

    /**
     * Loads the 60,000 training images from the first folder that has them.
     *
     * @throws DatasetNotFoundException if no searched folder has the files; the message lists them and how to install the data
     */
    public static LabeledDataset loadTrain() {
        return load(findDirectory(), true);
    }

    /**
     * Loads the 10,000 test images from the first folder that has them.
     *
     * @throws DatasetNotFoundException if no searched folder has the files; the message lists them and how to install the data
     */
    public static LabeledDataset loadTest() {
        return load(findDirectory(), false);
    }

    /**
     * Loads one part from a folder holding {@code train-images-idx3-ubyte[.gz]},
     * {@code train-labels-idx1-ubyte[.gz]}, {@code t10k-images-idx3-ubyte[.gz]} and
     * {@code t10k-labels-idx1-ubyte[.gz]}.
     *
     * @param directory the folder
     * @param train     true for the training part, false for the test part
     * @throws DatasetNotFoundException if the files are not in the folder
     * @throws DatasetFormatException   if a file is malformed
     */
    public static LabeledDataset load(Path directory, boolean train) {
        String prefix = train ? "train" : "t10k";
        Path images = find(directory, prefix + "-images-idx3-ubyte")
                .orElseThrow(() -> notFound(List.of(directory)));
        Path labels = find(directory, prefix + "-labels-idx1-ubyte")
                .orElseThrow(() -> notFound(List.of(directory)));
        Map<Long, String> names = new LinkedHashMap<>();
        for (int i = 0; i < CLASS_NAMES.size(); i++) {
            names.put((long) i, CLASS_NAMES.get(i));
        }
        return IdxFiles.read(images, labels, "fashion-mnist-" + (train ? "train" : "test"), names);
    }

    /** Returns whether the files are in one of the searched folders. */
    public static boolean isAvailable() {
        return searchPath().stream().anyMatch(FashionMnist::hasFiles);
    }

    /** Returns the folders searched, in order. */
    public static List<Path> searchPath() {
        List<Path> folders = new ArrayList<>();
        folders.add(DataDirectory.resolve("fashion-mnist"));
        folders.add(Paths.get(DEBIAN_DIRECTORY));
        return folders;
    }

    private static Path findDirectory() {
        List<Path> folders = searchPath();
        return folders.stream().filter(FashionMnist::hasFiles).findFirst().orElseThrow(() -> notFound(folders));
    }

    private static boolean hasFiles(Path folder) {
        return find(folder, "train-images-idx3-ubyte").isPresent() && find(folder, "t10k-labels-idx1-ubyte").isPresent();
    }

    private static Optional<Path> find(Path folder, String baseName) {
        for (String name : List.of(baseName + ".gz", baseName)) {
            Path file = folder.resolve(name);
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    private static DatasetNotFoundException notFound(List<Path> folders) {
        return new DatasetNotFoundException("Fashion-MNIST IDX files (train-images-idx3-ubyte[.gz] and the other three) not found in "
                + folders.stream().map(p -> p.toAbsolutePath().toString()).toList()
                + ". Install Debian's package (apt-get install dataset-fashion-mnist, into " + DEBIAN_DIRECTORY
                + ") or put the files from github.com/zalandoresearch/fashion-mnist in $" + DataDirectory.VARIABLE
                + "/fashion-mnist/; see datasets/README.md");
    }
}
