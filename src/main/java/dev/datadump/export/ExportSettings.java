package dev.datadump.export;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Settings of the export engine.
 *
 * @param stagingDirectory       private, root-owned directory where archives are built
 * @param readerLibraryDirectory root-owned directory, readable by customers, that receives JNA's
 *                               native library for the reader processes
 * @param readerClassPath        jar (or class path) the reader processes run from; customers must be able to read it
 * @param javaCommand            java launcher for the reader processes
 * @param setpriv                setpriv binary that drops the reader processes' privileges
 * @param dumpCommand            database dump tool ({@code mariadb-dump} or {@code mysqldump})
 * @param minFreeBytes           free bytes required on staging and destination before an export starts
 * @param gzipLevel              deflate level 1-9
 * @param clock                  clock and time zone of archive names
 */
public record ExportSettings(Path stagingDirectory, Path readerLibraryDirectory, Path readerClassPath,
                             Path javaCommand, Path setpriv, Path dumpCommand, long minFreeBytes, int gzipLevel,
                             Clock clock) {

    /** Default free space required before an export starts: 64 MiB. */
    public static final long DEFAULT_MIN_FREE_BYTES = 64L * 1024 * 1024;

    /**
     * Returns the defaults for data directory {@code dataDirectory}: staging in
     * {@code <data dir>/staging}, the native library in {@code <data dir>/reader-lib}, the
     * reader run from the jar this class was loaded from, the first dump tool found.
     */
    public static ExportSettings defaults(Path dataDirectory) {
        return new ExportSettings(
                dataDirectory.resolve("staging"),
                dataDirectory.resolve("reader-lib"),
                ownJar(),
                Path.of(System.getProperty("java.home"), "bin", "java"),
                findTool(List.of("/usr/bin/setpriv", "/bin/setpriv")),
                findTool(List.of("/usr/bin/mariadb-dump", "/usr/bin/mysqldump", "/usr/local/bin/mariadb-dump",
                        "/usr/local/bin/mysqldump")),
                DEFAULT_MIN_FREE_BYTES,
                6,
                Clock.systemDefaultZone());
    }

    public ExportSettings withStagingDirectory(Path directory) {
        return new ExportSettings(directory, readerLibraryDirectory, readerClassPath, javaCommand, setpriv,
                dumpCommand, minFreeBytes, gzipLevel, clock);
    }

    public ExportSettings withReaderClassPath(Path classPath) {
        return new ExportSettings(stagingDirectory, readerLibraryDirectory, classPath, javaCommand, setpriv,
                dumpCommand, minFreeBytes, gzipLevel, clock);
    }

    public ExportSettings withDumpCommand(Path command) {
        return new ExportSettings(stagingDirectory, readerLibraryDirectory, readerClassPath, javaCommand, setpriv,
                command, minFreeBytes, gzipLevel, clock);
    }

    public ExportSettings withMinFreeBytes(long bytes) {
        return new ExportSettings(stagingDirectory, readerLibraryDirectory, readerClassPath, javaCommand, setpriv,
                dumpCommand, bytes, gzipLevel, clock);
    }

    private static Path ownJar() {
        try {
            return Path.of(ExportSettings.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("cannot find the jar the export engine was loaded from: " + e.getMessage(), e);
        }
    }

    private static Path findTool(List<String> candidates) {
        for (String candidate : candidates) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return Path.of(candidates.get(0));
    }
}
