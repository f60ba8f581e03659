package dev.datadump.worker;

import dev.datadump.model.Job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks of what finished jobs left on disk, for the process tests. */
public final class Exports {

    private Exports() {
    }

    /** Creates a folder for document roots that the customers' uid 65534 can enter. */
    static Path customerRoot(Path tempDir) throws IOException {
        Files.setPosixFilePermissions(tempDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path root = Files.createDirectories(tempDir.resolve("home"));
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        return root;
    }

    /** Returns the names of the files in the job's destination. */
    static List<String> filesIn(Job job) throws IOException {
        Path destination = Path.of(job.destdir());
        if (!Files.isDirectory(destination)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(destination)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /** Asserts that the destination contains exactly the job's archive and its checksum file. */
    static void assertOneArchive(Job job) throws IOException {
        assertThat(job.archive()).as("archive of job %d", job.id()).isNotBlank();
        assertThat(filesIn(job)).as("destination of job %d", job.id())
                .containsExactly(job.archive(), job.archive() + ".sha256");
        assertThat(Files.size(Path.of(job.destdir(), job.archive()))).isEqualTo(job.size());
    }

    /** Asserts that nothing of any attempt is left in the staging folder. */
    public static void assertStagingEmpty(Path staging) throws IOException {
        if (!Files.exists(staging)) {
            return;
        }
        try (Stream<Path> files = Files.walk(staging)) {
            assertThat(files.filter(file -> !file.equals(staging)).map(Path::toString).toList())
                    .as("files left in staging").isEmpty();
        }
    }
}
