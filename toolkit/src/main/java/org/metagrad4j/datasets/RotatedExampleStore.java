package org.metagrad4j.datasets;

/**
 * A view that presents each class of a square-image store four times, rotated counter-clockwise by
 * 0°, 90°, 180° and 270°. Class {@code r * baseClassCount + c} is base class {@code c} turned
 * {@code r} quarter turns; pixels are rotated when read, so the view holds no extra image memory.
 */
final class RotatedExampleStore implements ExampleStore {
    static final int QUARTER_TURNS = 4;

    private final ExampleStore base;
    private final int channels;
    private final int side;
    private final ThreadLocal<double[]> scratch;

    RotatedExampleStore(ExampleStore base, int channels, int side) {
        this.base = base;
        this.channels = channels;
        this.side = side;
        this.scratch = ThreadLocal.withInitial(() -> new double[base.exampleSize()]);
    }

    @Override
    public int classCount() {
        return QUARTER_TURNS * base.classCount();
    }

    @Override
    public int exampleCount(int classIndex) {
        return base.exampleCount(classIndex % base.classCount());
    }

    @Override
    public int exampleSize() {
        return base.exampleSize();
    }

    @Override
    public void read(int classIndex, int exampleIndex, double[] destination, int offset) {
        int turns = classIndex / base.classCount();
        int baseClass = classIndex % base.classCount();
        if (turns == 0) {
            base.read(baseClass, exampleIndex, destination, offset);
            return;
        }
        double[] source = scratch.get();
        base.read(baseClass, exampleIndex, source, 0);
        int plane = side * side;
        for (int c = 0; c < channels; c++) {
            for (int row = 0; row < side; row++) {
                for (int col = 0; col < side; col++) {
                    destination[offset + c * plane + row * side + col] = source[c * plane + sourcePixel(turns, row, col)];
                }
            }
        }
    }

    /** Returns the source pixel that lands on (row, col) after {@code turns} counter-clockwise quarter turns. */
    private int sourcePixel(int turns, int row, int col) {
        int last = side - 1;
        // Counter-clockwise by 90° (numpy.rot90): out[r][c] = in[c][last - r].
        return switch (turns) {
            case 1 -> col * side + (last - row);
            case 2 -> (last - row) * side + (last - col);
            case 3 -> (last - col) * side + row;
            default -> row * side + col;
        };
    }

    @Override
    public long storageBytes() {
        // The view shares the base store's values.
        return base.storageBytes();
    }
}
