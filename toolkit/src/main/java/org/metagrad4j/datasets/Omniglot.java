package org.metagrad4j.datasets;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Omniglot handwritten-character dataset (Lake, Salakhutdinov and Tenenbaum, "Human-level
 * concept learning through probabilistic program induction", Science 2015; MIT licence): 1,623
 * characters from 50 alphabets, 20 drawings each, 105 × 105 binary images.
 *
 * <p>The background set (964 characters, ids 1..964, 30 alphabets) is for meta-training and the
 * evaluation set (659 characters, ids 965..1623, 20 alphabets) for meta-testing. A class id is the
 * character's global id, the {@code NNNN} of the original file names {@code NNNN_DD.png}
 * ({@code DD} is the drawer 01..20, which is the example index plus one), and a class name is
 * {@code Alphabet/characterNN} as in the original folder layout.
 *
 * <p><b>Pixel convention.</b> Both layouts load as stroke = 1.0 and background = 0.0, images of
 * shape {@code [1, 105, 105]}. The original PNGs draw black strokes on white, and the numpy form
 * stores {@code False} (byte 0x00) for stroke and {@code True} (0xFF) for background, so both are
 * inverted on loading. Images are kept as one bit per pixel (about 26 MB for the background set)
 * until read; {@link LabeledDataset#resized(int, int)} makes the usual 28 × 28 version once.
 *
 * <p>Two on-disk layouts are read, in an Omniglot folder ({@code $METAGRAD4J_DATA/omniglot/} by default):
 * <ul>
 *   <li>numpy: {@code images_background.npz} and {@code images_evaluation.npz}, each holding
 *       {@code images.npy} (bool, {@code [characters, 20, 105, 105]}) and {@code labels.npy}
 *       (int64, {@code [characters, 20]}, the character index within the set);</li>
 *   <li>folders, as the official zips unpack: {@code images_background/<Alphabet>/characterNN/NNNN_DD.png}
 *       and {@code images_evaluation/...}.</li>
 * </ul>
 * When both are present the npz files are used, because they load several times faster.
 */
public final class Omniglot {
    /** The number of characters in the background set. */
    public static final int BACKGROUND_CHARACTERS = 964;
    /** The number of characters in the evaluation set. */
    public static final int EVALUATION_CHARACTERS = 659;
    /** The number of drawings of each character. */
    public static final int DRAWERS = 20;
    /** The side of an original image in pixels. */
    public static final int IMAGE_SIZE = 105;
    /** The default number of background alphabets held out for meta-validation by {@link #standardSplits()}. */
    public static final int DEFAULT_VALIDATION_ALPHABETS = 5;

    static final String HOW_TO_OBTAIN = "Obtain Omniglot as described in datasets/README.md: run "
            + "datasets/download-omniglot.sh (downloads images_background.zip and images_evaluation.zip from "
            + "github.com/brendenlake/omniglot into $" + DataDirectory.VARIABLE + "/omniglot/ and unzips them), "
            + "or place images_background.npz and images_evaluation.npz there.";

    private static final Logger LOG = LoggerFactory.getLogger(Omniglot.class);
    private static final List<Alphabet> ALPHABETS = readAlphabets();

    private final LabeledDataset background;
    private final LabeledDataset evaluation;

    /**
     * One alphabet of Omniglot.
     *
     * @param name    the folder name, such as {@code "Greek"}
     * @param firstId the first global character id
     * @param lastId  the last global character id (inclusive)
     * @param set     {@code "background"} or {@code "evaluation"}
     */
    public record Alphabet(String name, long firstId, long lastId, String set) {

        /** Returns whether a global character id belongs to this alphabet. */
        public boolean contains(long characterId) {
            return characterId >= firstId && characterId <= lastId;
        }
    }

    private Omniglot(LabeledDataset background, LabeledDataset evaluation) {
        this.background = background;
        this.evaluation = evaluation;
    }

    /**
     * Loads both sets from {@code $METAGRAD4J_DATA/omniglot/} (see {@link DataDirectory}).
     *
     * @throws DatasetNotFoundException if neither layout is there; the message names the paths tried and how to obtain the data
     * @throws DatasetFormatException   if a file is malformed or truncated
     */
    public static Omniglot load() {
        return load(DataDirectory.resolve("omniglot"));
    }

    /**
     * Loads both sets from an Omniglot folder holding the npz files or the two image folders.
     *
     * @param directory the folder, such as {@code datasets/data/omniglot}
     * @throws DatasetNotFoundException if neither layout is there; the message names the paths tried and how to obtain the data
     * @throws DatasetFormatException   if a file is malformed or truncated
     */
    public static Omniglot load(Path directory) {
        Objects.requireNonNull(directory, "directory");
        return new Omniglot(loadSet(directory, "images_background"), loadSet(directory, "images_evaluation"));
    }

    private static LabeledDataset loadSet(Path directory, String setName) {
        Path npz = directory.resolve(setName + ".npz");
        Path folder = directory.resolve(setName);
        if (Files.isRegularFile(npz)) {
            return readNpz(npz);
        }
        if (Files.isDirectory(folder)) {
            return readFolder(folder);
        }
        throw new DatasetNotFoundException("Omniglot " + setName + " not found: tried " + npz.toAbsolutePath()
                + " and " + folder.toAbsolutePath() + (Files.isDirectory(directory) ? "" : " (the folder " + directory.toAbsolutePath()
                + " does not exist)") + ". " + HOW_TO_OBTAIN + " The default location is the " + DataDirectory.describe() + ".");
    }

    /** Returns the background set: 964 characters for meta-training and validation. */
    public LabeledDataset background() {
        return background;
    }

    /** Returns the evaluation set: 659 characters for meta-testing. */
    public LabeledDataset evaluation() {
        return evaluation;
    }

    /** Returns the 50 alphabets with their character id ranges, background first. */
    public static List<Alphabet> alphabets() {
        return ALPHABETS;
    }

    /**
     * Returns the alphabet of a global character id.
     *
     * @param characterId an id in 1..1623
     * @throws IllegalArgumentException if the id is outside 1..1623
     */
    public static Alphabet alphabetOf(long characterId) {
        for (Alphabet alphabet : ALPHABETS) {
            if (alphabet.contains(characterId)) {
                return alphabet;
            }
        }
        throw new IllegalArgumentException("Omniglot character ids are 1.." + (BACKGROUND_CHARACTERS + EVALUATION_CHARACTERS)
                + ", got " + characterId);
    }

    /** Returns {@link #standardSplits(int)} with {@value #DEFAULT_VALIDATION_ALPHABETS} validation alphabets. */
    public MetaSplits standardSplits() {
        return standardSplits(DEFAULT_VALIDATION_ALPHABETS);
    }

    /**
     * Returns the standard split: the background set for meta-training, except its last
     * {@code validationAlphabets} alphabets (in the id order of the original release), which are
     * held out for meta-validation, and the evaluation set for meta-testing. Holding out whole
     * alphabets makes validation, like testing, measure transfer to unseen alphabets. With the
     * default of 5 this is 803 / 161 / 659 characters.
     *
     * @param validationAlphabets how many background alphabets to hold out, 0..29
     * @throws IllegalArgumentException if the count is outside 0..29
     */
    public MetaSplits standardSplits(int validationAlphabets) {
        List<Alphabet> backgroundAlphabets = ALPHABETS.stream().filter(a -> a.set().equals("background")).toList();
        if (validationAlphabets < 0 || validationAlphabets >= backgroundAlphabets.size()) {
            throw new IllegalArgumentException("validationAlphabets must be in 0.." + (backgroundAlphabets.size() - 1)
                    + " (the background set has " + backgroundAlphabets.size() + " alphabets), got " + validationAlphabets);
        }
        long firstValidationId = validationAlphabets == 0 ? Long.MAX_VALUE
                : backgroundAlphabets.get(backgroundAlphabets.size() - validationAlphabets).firstId();
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (int c = 0; c < background.classCount(); c++) {
            (background.classAt(c).id() < firstValidationId ? train : validation).add(c);
        }
        return MetaSplits.of(
                background.subset(train.stream().mapToInt(Integer::intValue).toArray(), "omniglot/train"),
                background.subset(validation.stream().mapToInt(Integer::intValue).toArray(), "omniglot/validation"),
                evaluation.withName("omniglot/test"));
    }

    /**
     * Reads one set from its numpy form.
     *
     * <p>The set is recognised from the character count (964 background, 659 evaluation) or, for
     * other counts, from the file name; ids then start at 1 for background and 965 for evaluation.
     *
     * @param npzFile {@code images_background.npz} or {@code images_evaluation.npz}
     * @return the set, named {@code omniglot-background} or {@code omniglot-evaluation}
     * @throws DatasetNotFoundException if the file does not exist
     * @throws DatasetFormatException   if the file is not a zip with {@code images.npy} of the expected type and shape, or is truncated
     */
    public static LabeledDataset readNpz(Path npzFile) {
        if (!Files.isRegularFile(npzFile)) {
            throw new DatasetNotFoundException("Omniglot npz file not found: " + npzFile.toAbsolutePath() + ". " + HOW_TO_OBTAIN);
        }
        long start = System.nanoTime();
        try (ZipFile zip = new ZipFile(npzFile.toFile())) {
            ZipEntry images = zip.getEntry("images.npy");
            if (images == null) {
                throw new DatasetFormatException(npzFile + " has no images.npy entry; expected an Omniglot npz with images.npy and labels.npy");
            }
            LabeledDataset dataset;
            try (InputStream in = new BufferedInputStream(zip.getInputStream(images), 1 << 16)) {
                dataset = readImagesNpy(in, npzFile + "!images.npy", npzFile.getFileName().toString());
            }
            LOG.debug("Read {} in {} ms: {}", npzFile, (System.nanoTime() - start) / 1_000_000, dataset.summary());
            return dataset;
        } catch (java.util.zip.ZipException e) {
            throw new DatasetFormatException(npzFile + " is not a valid zip (npz) file or is truncated: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DatasetFormatException("Failed to read " + npzFile + ": " + e.getMessage(), e);
        }
    }

    private static LabeledDataset readImagesNpy(InputStream in, String source, String fileName) throws IOException {
        NpyHeader header = NpyHeader.read(in, source);
        if (!header.descriptor().equals("|b1") && !header.descriptor().equals("|u1")) {
            throw new DatasetFormatException(source + " has element type " + header.descriptor()
                    + "; expected bool (|b1) or uint8 (|u1) pixels");
        }
        long[] shape = header.shape();
        if (shape.length != 4 || header.fortranOrder()) {
            throw new DatasetFormatException(source + " has shape " + Arrays.toString(shape) + (header.fortranOrder() ? " in Fortran order" : "")
                    + "; expected [characters, drawers, height, width] in C order");
        }

        int characters = Math.toIntExact(shape[0]);
        int drawers = Math.toIntExact(shape[1]);
        int height = Math.toIntExact(shape[2]);
        int width = Math.toIntExact(shape[3]);
        boolean evaluationSet = characters == EVALUATION_CHARACTERS
                || (characters != BACKGROUND_CHARACTERS && fileName.contains("evaluation"));
        long firstId = evaluationSet ? BACKGROUND_CHARACTERS + 1 : 1;

        int pixels = height * width;
        long[][] bits = new long[characters][];
        int[] counts = new int[characters];
        List<DatasetClass> classes = new ArrayList<>(characters);
        byte[] buffer = new byte[drawers * pixels];
        for (int c = 0; c < characters; c++) {
            readFully(in, buffer, source, (long) c * buffer.length, header.elementCount());
            long[] words = BitExampleStore.allocate(drawers, pixels);
            for (int i = 0; i < buffer.length; i++) {
                // Stored 0x00 (False) is stroke; the toolkit's convention is stroke = 1.
                if (buffer[i] == 0) {
                    BitExampleStore.set(words, i);
                }
            }
            bits[c] = words;
            counts[c] = drawers;
            long id = firstId + c;
            classes.add(new DatasetClass(id, characterName(id), drawers));
        }

        String name = evaluationSet ? "omniglot-evaluation" : "omniglot-background";
        return new LabeledDataset(name, new long[] {1, height, width}, classes, new BitExampleStore(bits, counts, pixels));
    }

    private static void readFully(InputStream in, byte[] buffer, String source, long offset, long expected) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int read = in.read(buffer, filled, buffer.length - filled);
            if (read < 0) {
                throw new DatasetFormatException(source + " is truncated: its header declares " + expected
                        + " pixels but the data ends after " + (offset + filled), new EOFException());
            }
            filled += read;
        }
    }

    /**
     * Reads one set from the original folder layout {@code <Alphabet>/characterNN/NNNN_DD.png}.
     *
     * <p>Alphabets, characters and drawings are read in name order. The class id is the
     * {@code NNNN} of the file names; a folder whose files do not follow that pattern gets ids
     * counting on from the largest id seen. A pixel is stroke (1.0) when it is darker than mid-grey.
     *
     * @param imagesDirectory a folder such as {@code images_background} holding alphabet folders
     * @return the set, named after the folder
     * @throws DatasetNotFoundException if the folder does not exist or contains no PNG images
     * @throws DatasetFormatException   if an image cannot be decoded or differs in size from the others
     */
    public static LabeledDataset readFolder(Path imagesDirectory) {
        return OmniglotFolderReader.read(imagesDirectory);
    }

    /** Returns {@code Alphabet/characterNN} for a global character id, or {@code characterNNNN} outside 1..1623. */
    static String characterName(long id) {
        for (Alphabet alphabet : ALPHABETS) {
            if (alphabet.contains(id)) {
                return String.format("%s/character%02d", alphabet.name(), id - alphabet.firstId() + 1);
            }
        }
        return String.format("character%04d", id);
    }

    private static List<Alphabet> readAlphabets() {
        String resource = "omniglot-alphabets.csv";
        InputStream stream = Omniglot.class.getResourceAsStream(resource);
        if (stream == null) {
            throw new IllegalStateException("toolkit resource " + resource + " is missing from the jar; rebuild the toolkit");
        }
        List<Alphabet> alphabets = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.startsWith("alphabet,") || line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",");
                alphabets.add(new Alphabet(fields[0], Long.parseLong(fields[1]), Long.parseLong(fields[2]), fields[3].trim()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("Failed to read toolkit resource " + resource, e);
        }
        return List.copyOf(alphabets);
    }

    @Override
    public String toString() {
        return "Omniglot\n  background: " + background.toString().replace("\n", "\n  ")
                + "\n  evaluation: " + evaluation.toString().replace("\n", "\n  ");
    }
}
