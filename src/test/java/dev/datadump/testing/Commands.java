package dev.datadump.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the system's tools (tar, gpg, mariadb, useradd ...) for tests, never through a shell. */
public final class Commands {

    private Commands() {
    }

    /** Exit code and both output streams of a finished command, decoded as ISO-8859-1. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Runs a command and returns its result, failing the test after 5 minutes. */
    public static Result run(List<String> command, Path input, Map<String, String> environment) throws IOException {
        return runIn(null, command, input, environment);
    }

    /**
     * Runs a command in the working directory {@code directory} (null: the current one), with
     * standard input from the file {@code input} (null: none).
     */
    public static Result runIn(Path directory, List<String> command, Path input, Map<String, String> environment)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(environment);
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        Path stdout = Files.createTempFile("command-out", ".txt");
        Path stderr = Files.createTempFile("command-err", ".txt");
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
    public static String check(String... command) throws IOException {
        Result result = run(List.of(command), null, Map.of());
        if (result.exitCode() != 0) {
            throw new AssertionError("command " + List.of(command) + " failed with exit code " + result.exitCode()
                    + ": " + result.stderr() + result.stdout());
        }
        return result.stdout();
    }

    /** Returns the value of a required environment variable, failing with a hint to use bin/test. */
    public static String requireEnvironment(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new AssertionError(name + " is not set; run the tests with bin/test, which starts the test "
                    + "servers and sets it");
        }
        return value;
    }

    /** Fails with a hint to use bin/test when a tool the tests need is missing. */
    public static void requireTools(String... tools) {
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
}
