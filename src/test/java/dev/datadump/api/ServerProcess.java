package dev.datadump.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code java -jar datadump.jar serve} process that runs the API and no worker, on a free
 * port, with its log in a file.
 * The port is read from the start line the server logs, so no port is guessed.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://(\\S+)/api\\.php");

    private final Process process;
    private final Path log;
    private final String baseUrl;

    private ServerProcess(Process process, Path log, String baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts the server on the store, listening on {@code host} (such as 127.0.0.1 or [::1]) port 0,
     * with no worker, so that the jobs the tests add stay planned.
     */
    static ServerProcess start(String storeUrl, String host, String... extraArguments) throws IOException {
        String jar = System.getProperty("datadump.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property datadump.jar does not name the packaged jar ("
                    + jar + "); run the integration tests with 'mvn verify' or bin/test");
        }
        Path log = Files.createTempFile("datadump-serve", ".log");
        // No worker (--jobs 0), because it would claim the planned jobs that the tests list and search.
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-jar", jar, "serve", "--store", storeUrl, "--listen", host + ":0", "--jobs", "0"));
        command.addAll(List.of(extraArguments));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher matcher = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (matcher.find()) {
                return new ServerProcess(process, log, "http://" + matcher.group(1) + "/api.php");
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("datadump serve exited with " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("datadump serve did not start within 60 s:\n" + Files.readString(log));
    }

    /** Returns the API's URL, such as {@code http://127.0.0.1:41234/api.php}. */
    String url() {
        return baseUrl;
    }

    /** Returns the server's log so far. */
    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Sends SIGTERM and returns the exit code, or fails when the process does not stop within 30 s. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("datadump serve did not stop within 30 s of SIGTERM");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for datadump serve", e);
        }
    }
}
