package dev.datadump.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code java -jar datadump.jar} process started by a test, with its log in a file. Tests
 * close it, which kills it if it still runs.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final Pattern WORKER_ID = Pattern.compile("Worker (\\S+) started on node");
    private static final Pattern API_URL = Pattern.compile("listening on (http://\\S+/api\\.php)");

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code datadump <arguments>} with the JVM system properties given as
     * {@code name=value}, logging to a new file in {@code logFolder}, which is also the parent
     * of the process's data directory.
     */
    public static WorkerProcess start(Path logFolder, List<String> systemProperties, String... arguments)
            throws IOException {
        String jar = System.getProperty("datadump.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("system property datadump.jar does not name the packaged jar (" + jar
                    + "): run the integration tests with 'mvn verify' or bin/test");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String property : systemProperties) {
            command.add("-D" + property);
        }
        command.add("-jar");
        command.add(jar);
        command.addAll(List.of(arguments));

        Path log = Files.createTempFile(logFolder, "worker-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("DATADUMP_DATA_DIR", logFolder.resolve("data").toString());
        Process process = builder.start();
        return new WorkerProcess(process, log);
    }

    /** Starts {@code datadump worker} on the store and node with short lease and heartbeat times. */
    static WorkerProcess worker(Path logFolder, String storeUrl, String node, int jobs, List<String> properties,
                                String... extraArguments) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("worker", "--store", storeUrl, "--node", node,
                "--jobs", String.valueOf(jobs), "--lease-seconds", "3", "--heartbeat-seconds", "1",
                "--poll-seconds", "1"));
        arguments.addAll(List.of(extraArguments));
        return start(logFolder, properties, arguments.toArray(String[]::new));
    }

    /** Waits until the log contains {@code text}; fails with the log's end when it does not. */
    public void awaitLog(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!log().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' in the worker log within " + timeout.toSeconds()
                        + " s; log:\n" + tail());
            }
            if (!process.isAlive() && !log().contains(text)) {
                throw new AssertionError("worker exited with " + process.exitValue() + " before logging '" + text
                        + "'; log:\n" + tail());
            }
            Thread.sleep(100);
        }
    }

    /** Returns the worker id from the start line of the log. */
    String workerId() throws IOException, InterruptedException {
        awaitLog("started on node", Duration.ofSeconds(30));
        Matcher matcher = WORKER_ID.matcher(log());
        if (!matcher.find()) {
            throw new AssertionError("no worker id in the log:\n" + tail());
        }
        return matcher.group(1);
    }

    /**
     * Returns the API's URL from the start line of a {@code serve} process, such as
     * {@code http://127.0.0.1:41234/api.php}, so that it can listen on port 0.
     */
    public String apiUrl() throws IOException, InterruptedException {
        awaitLog("DataDump API listening on", Duration.ofSeconds(60));
        Matcher matcher = API_URL.matcher(log());
        if (!matcher.find()) {
            throw new AssertionError("no API URL in the log:\n" + tail());
        }
        return matcher.group(1);
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    public String tail() throws IOException {
        String text = log();
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    /** Kills the process with SIGKILL, as a crash would, and waits for it to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Sends SIGTERM and returns the exit code, or fails when the process does not end in time. */
    public int terminate(Duration timeout) throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("worker still running " + timeout.toSeconds() + " s after SIGTERM; log:\n"
                    + tail());
        }
        return process.exitValue();
    }

    /** Waits for the process to exit by itself and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("process still running after " + timeout.toSeconds() + " s; log:\n" + tail());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
