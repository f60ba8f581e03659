package dev.datadump.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged {@code datadump} jar as a separate process, as an admin would. */
public final class Cli {

    private Cli() {
    }

    /** Exit code and both output streams of one run. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Path of the shaded jar, set by the build for integration tests. */
    public static Path jar() {
        String jar = System.getProperty("datadump.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property datadump.jar does not name the packaged jar ("
                    + jar + "): run integration tests with 'mvn verify'");
        }
        return Path.of(jar);
    }

    /** Returns the argument list that starts the CLI with the given arguments. */
    public static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    public static Result run(Map<String, String> environment, String... args) {
        ProcessBuilder builder = new ProcessBuilder(command(args));
        builder.environment().putAll(environment);
        try {
            Path stdout = Files.createTempFile("datadump-cli", ".out");
            Path stderr = Files.createTempFile("datadump-cli", ".err");
            builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("datadump " + String.join(" ", args) + " did not finish in 120 s");
            }
            Result result = new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
            Files.delete(stdout);
            Files.delete(stderr);
            return result;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run datadump: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running datadump", e);
        }
    }

    public static Result run(String... args) {
        return run(Map.of(), args);
    }
}
