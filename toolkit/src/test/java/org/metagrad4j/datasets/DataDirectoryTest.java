package org.metagrad4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data root resolution from the system property and the repository layout. */
class DataDirectoryTest {
    private String previous;

    @TempDir
    Path folder;

    @BeforeEach
    void saveProperty() {
        previous = System.getProperty(DataDirectory.PROPERTY);
    }

    @AfterEach
    void restoreProperty() {
        if (previous == null) {
            System.clearProperty(DataDirectory.PROPERTY);
        } else {
            System.setProperty(DataDirectory.PROPERTY, previous);
        }
    }

    @Test
    void absolutePropertyIsUsedAsIs() {
        System.setProperty(DataDirectory.PROPERTY, folder.toString());

        assertEquals(folder.normalize(), DataDirectory.root());
        assertEquals(folder.resolve("omniglot").normalize(), DataDirectory.resolve("omniglot"));
        assertTrue(DataDirectory.describe().contains("system property"), DataDirectory.describe());
    }

    @Test
    void repositoryRootFoundFromNotebooks() throws IOException {
        Files.writeString(folder.resolve("pom.xml"), "<project/>");
        Files.createDirectories(folder.resolve("toolkit"));
        Path notebooks = Files.createDirectories(folder.resolve("notebooks/sub"));

        assertEquals(Optional.of(folder.toAbsolutePath().normalize()), DataDirectory.findRepositoryRoot(notebooks));
    }

    @Test
    void folderWithoutNotebooksIsNoRoot() throws IOException {
        Files.writeString(folder.resolve("pom.xml"), "<project/>");
        Path toolkit = Files.createDirectories(folder.resolve("toolkit"));

        assertEquals(Optional.empty(), DataDirectory.findRepositoryRoot(toolkit).filter(p -> p.startsWith(folder)));
    }

    @Test
    void relativePropertyIsAbsoluteResult() {
        System.setProperty(DataDirectory.PROPERTY, "some/data");

        Path root = DataDirectory.root();

        assertTrue(root.isAbsolute(), root.toString());
        assertTrue(root.endsWith("some/data"), root.toString());
        Optional<Path> repository = DataDirectory.repositoryRoot();
        repository.ifPresent(r -> assertEquals(r.resolve("some/data"), root));
    }
}
