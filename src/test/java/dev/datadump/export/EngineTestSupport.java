package dev.datadump.export;

import dev.datadump.model.Customer;
import dev.datadump.model.Job;
import dev.datadump.model.JobStatus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Helpers of the engine's integration tests: commands, Unix users, fixtures, checksum listings. */
final class EngineTestSupport {

    private EngineTestSupport() {
    }

    /** Output of a finished command. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs a command without a shell and returns its result; fails the test after 5 minutes. */
    static Result run(List<String> command, Path input, Map<String, String> environment) throws IOException {
        return runIn(null, command, input, environment);
    }

    /** Runs a command in the working directory {@code directory} (null: the current one). */
    static Result runIn(Path directory, List<String> command, Path input, Map<String, String> environment)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(environment);
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        Path stdout = Files.createTempFile("engine-it-out", ".txt");
        Path stderr = Files.createTempFile("engine-it-err", ".txt");
        try {
            builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("command timed out: " + command);
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.ISO_8859_1),
                    Files.readString(stderr, StandardCharsets.ISO_8859_1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** Runs a command and returns its standard output; fails the test when it exits with an error. */
    static String check(String... command) throws IOException {
        Result result = run(List.of(command), null, Map.of());
        if (result.exitCode() != 0) {
            throw new AssertionError("command " + List.of(command) + " failed with exit code " + result.exitCode()
                    + ": " + result.stderr() + result.stdout());
        }
        return result.stdout();
    }

    /** Returns the value of a required environment variable, failing with a hint to use bin/test. */
    static String requireEnvironment(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new AssertionError(name + " is not set; run the tests with bin/test, which starts the test "
                    + "servers and sets it");
        }
        return value;
    }

    /** Fails with a hint to use bin/test when a tool the tests need is missing. */
    static void requireTools(String... tools) {
        for (String tool : tools) {
            boolean found = false;
            for (String directory : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
                found |= Files.isExecutable(Path.of(directory, tool));
            }
            if (!found) {
                throw new AssertionError(tool + " is not installed; run the tests with bin/test, which installs it");
            }
        }
    }

    /** A Unix user created for a test; {@link #close()} removes it. */
    record TestUser(String name, int uid, int gid) implements AutoCloseable {

        static TestUser create(String prefix) throws IOException {
            String name = prefix + Long.toHexString(System.nanoTime() & 0xffffffL);
            check("useradd", "--no-create-home", "--user-group", "--shell", "/usr/sbin/nologin", name);
            int uid = Integer.parseInt(check("id", "-u", name).trim());
            int gid = Integer.parseInt(check("id", "-g", name).trim());
            return new TestUser(name, uid, gid);
        }

        void chownTree(Path path) throws IOException {
            check("chown", "-R", "--no-dereference", uid + ":" + gid, path.toString());
        }

        @Override
        public void close() throws IOException {
            run(List.of("userdel", name), null, Map.of());
        }
    }

    /** Creates a temporary folder that every user may enter (mode 0755). */
    static Path openTemporaryFolder(String prefix) throws IOException {
        Path folder = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        return folder;
    }

    /** Removes a folder tree without following links. */
    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        run(List.of("rm", "-rf", "--one-file-system", "--", root.toString()), null, Map.of());
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
            content = sha256(path);
        } else if (Files.isSymbolicLink(path)) {
            content = "-> " + Files.readSymbolicLink(path);
        }
        return path + " mode=" + Integer.toOctalString((Integer) attributes.get("mode")) + " owner="
                + attributes.get("uid") + ":" + attributes.get("gid") + " size=" + attributes.get("size") + " " + content;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = dev.datadump.export.archive.HashingOutputStream.newSha256();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[65536];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Lists the names of a tar archive (GNU tar, verbose off), one per line as tar prints them. */
    static List<String> tarNames(Path archive) throws IOException {
        return new ArrayList<>(List.of(check("tar", "--list", "--quoting-style=escape", "-f", archive.toString())
                .split("\n")));
    }

    /** Extracts {@code archive} with GNU tar into {@code target}, keeping numeric owners and permissions. */
    static void extract(Path archive, Path target) throws IOException {
        Files.createDirectories(target);
        check("tar", "--extract", "--numeric-owner", "--same-permissions", "-f", archive.toString(),
                "-C", target.toString());
    }

    /** Fails when {@code a} and {@code b} differ in names, types, link targets or file contents (GNU diff). */
    static void assertSameTree(Path a, Path b, String... excludedNames) throws IOException {
        List<String> command = new ArrayList<>(List.of("diff", "-r", "--no-dereference", "-q"));
        for (String excluded : excludedNames) {
            command.add("--exclude=" + excluded);
        }
        command.add(a.toString());
        command.add(b.toString());
        Result result = run(command, null, Map.of());
        if (result.exitCode() != 0) {
            throw new AssertionError("trees " + a + " and " + b + " differ:\n" + result.stdout() + result.stderr());
        }
    }
}
