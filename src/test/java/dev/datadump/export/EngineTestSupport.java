package dev.datadump.export;

import dev.datadump.model.Customer;
import dev.datadump.model.Job;
import dev.datadump.model.JobStatus;
import dev.datadump.testing.ArchiveChecks;
import dev.datadump.testing.TestUser;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;

/** Helpers of the engine's integration tests: engine settings, customers, jobs, checksum listings. */
final class EngineTestSupport {

    private EngineTestSupport() {
    }

    /** Returns engine settings for tests: staging below {@code base}, the reader from the packaged jar. */
    static ExportSettings settings(Path base, Clock clock) throws IOException {
        String jar = System.getProperty("datadump.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new AssertionError("system property datadump.jar does not name the packaged jar (" + jar
                    + "); run the integration tests through 'mvn verify'");
        }
        Path readerLibrary = base.resolve("reader-lib");
        return new ExportSettings(base.resolve("staging"), readerLibrary, Path.of(jar),
                Path.of(System.getProperty("java.home"), "bin", "java"), Path.of("/usr/bin/setpriv"),
                Path.of("/usr/bin/mariadb-dump"), 1024 * 1024, 6, clock);
    }

    static Customer customer(String login, Path documentRoot, TestUser user) {
        return new Customer(1, login, documentRoot.toString(), user.uid(), user.gid(), 1, false, true,
                Customer.DEFAULT_NODE);
    }

    static Job job(long id, Path destination, String key, boolean dumpDbs, boolean dumpMail, boolean dumpWeb) {
        return new Job(id, 1, Customer.DEFAULT_NODE, "exports", destination + "/", key, dumpDbs, dumpMail, dumpWeb,
                JobStatus.RUNNING, System.currentTimeMillis(), System.currentTimeMillis(), null, 1, "test", null,
                false, null, null, null, null, null);
    }

    /**
     * Returns a listing of every entry under {@code root}: path, type, permissions, owner, size
     * and the SHA-256 of regular files, one line each, sorted. Links are listed, never followed.
     */
    static String checksumListing(Path root) throws IOException {
        Map<String, String> lines = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                lines.put(root.relativize(directory).toString(), describe(directory));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                lines.put(root.relativize(file).toString(), describe(file));
                return FileVisitResult.CONTINUE;
            }
        });
        return String.join("\n", lines.values());
    }

    private static String describe(Path path) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(path, "unix:mode,uid,gid,size,ino", LinkOption.NOFOLLOW_LINKS);
        String content = "";
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            content = ArchiveChecks.sha256(path);
        } else if (Files.isSymbolicLink(path)) {
            content = "-> " + Files.readSymbolicLink(path);
        }
        return path + " mode=" + Integer.toOctalString((Integer) attributes.get("mode")) + " owner="
                + attributes.get("uid") + ":" + attributes.get("gid") + " size=" + attributes.get("size") + " " + content;
    }
}
