package org.metagrad4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV reading with and without a header, numeric and text labels, and malformed tables. */
class CsvDatasetsTest {

    @TempDir
    Path folder;

    private Path write(String content) throws IOException {
        Path file = folder.resolve("table.csv");
        Files.writeString(file, content);
        return file;
    }

    @Test
    void headerAndTextLabels() throws IOException {
        Path file = write("width,height,species\n1.5,2.0,setosa\n3.0,4.5,virginica\n2.5,1.0,setosa\n");

        LabeledDataset dataset = CsvDatasets.read(file, "species");

        assertEquals(2, dataset.classCount());
        assertArrayEquals(new long[] {2}, dataset.exampleShape());
        assertEquals("setosa", dataset.classAt(0).name());
        assertEquals(2, dataset.classAt(0).exampleCount());
        double[] values = new double[2];
        dataset.readExample(0, 1, values, 0);
        assertArrayEquals(new double[] {2.5, 1.0}, values);
    }

    @Test
    void noHeaderLabelFirstWithIntegerIds() throws IOException {
        Path file = write("7;0.5;0.25\n3;1.5;1.25\n7;2.5;2.25\n");

        LabeledDataset dataset = CsvDatasets.read(file, CsvDatasets.Options.builder()
                .header(false).separator(';').labelColumn(0).name("numbers").build());

        assertEquals("numbers", dataset.name());
        assertEquals(3, dataset.classAt(0).id());
        assertEquals(7, dataset.classAt(1).id());
        double[] values = new double[2];
        dataset.readExample(dataset.indexOfClass(7), 1, values, 0);
        assertArrayEquals(new double[] {2.5, 2.25}, values);
    }

    @Test
    void selectedFeatureColumns() throws IOException {
        Path file = write("id,a,b,label\nx,1,2,0\ny,3,4,1\n");

        LabeledDataset dataset = CsvDatasets.read(file, CsvDatasets.Options.builder()
                .labelColumn("label").featureColumns(List.of("b", "a")).build());

        double[] values = new double[2];
        dataset.readExample(dataset.indexOfClass(1), 0, values, 0);
        assertArrayEquals(new double[] {4, 3}, values);
    }

    @Test
    void textFeatureIsRejected() throws IOException {
        Path file = write("id,a,label\nx,1,0\ny,3,1\n");

        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> CsvDatasets.read(file, "label"));
        assertTrue(error.getMessage().contains("'id'"), error.getMessage());
        assertTrue(error.getMessage().contains("not numeric"), error.getMessage());
    }

    @Test
    void missingValueIsRejected() throws IOException {
        Path file = write("a,b,label\n1,2,0\n3,,1\n");

        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> CsvDatasets.read(file, "label"));
        assertTrue(error.getMessage().contains("'b'"), error.getMessage());
        assertTrue(error.getMessage().contains("row 2"), error.getMessage());
    }

    @Test
    void fractionalLabelIsRejected() throws IOException {
        Path file = write("a,label\n1,0.5\n2,1\n");

        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> CsvDatasets.read(file, "label"));
        assertTrue(error.getMessage().contains("integers"), error.getMessage());
    }

    @Test
    void unknownLabelColumnListsColumns() throws IOException {
        Path file = write("a,b\n1,2\n");

        DatasetFormatException error = assertThrows(DatasetFormatException.class, () -> CsvDatasets.read(file, "label"));
        assertTrue(error.getMessage().contains("[a, b]"), error.getMessage());
    }

    @Test
    void missingFileNamesPath() {
        Path missing = folder.resolve("absent.csv");

        DatasetNotFoundException error = assertThrows(DatasetNotFoundException.class, () -> CsvDatasets.read(missing, "label"));
        assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
    }
}
