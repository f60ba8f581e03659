package dev.datadump.worker;

import dev.datadump.model.Job;
import dev.datadump.model.JobStatus;
import dev.datadump.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's database server restarted while worker processes run: the workers reconnect and
 * every job still ends done exactly once. Runs on its own pair of test servers, started with
 * bin/test-servers, because restarting the shared ones would disturb other tests.
 */
class StoreRestartIT {

    private static Map<String, String> servers;

    @TempDir
    Path tempDir;

    @BeforeAll
    static void startServers() throws Exception {
        String envFile = run(Map.of(), "start").strip();
        servers = readEnvironment(Path.of(envFile.lines().reduce((first, last) -> last).orElseThrow()));
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (servers != null) {
            run(servers, "stop");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgresql"})
    void workersCarryOnAfterRestart(String server) throws Exception {
        String url = server.equals("mariadb")
                ? createDatabase(servers.get("DATADUMP_TEST_MARIADB_URL"), "/?")
                : createDatabase(servers.get("DATADUMP_TEST_POSTGRES_URL"), "/postgres?");
        Path staging = tempDir.resolve("staging");
        String[] options = Staging.options(staging);
        try (Store store = Store.open(url)) {
            Jobs jobs = new Jobs(store);
            List<Job> added = jobs.add(40, "default", Exports.customerRoot(tempDir), 65534, 65534);

            try (WorkerProcess first = WorkerProcess.worker(tempDir, url, "default", 1, List.of(), options);
                 WorkerProcess second = WorkerProcess.worker(tempDir, url, "default", 1, List.of(), options)) {
                first.workerId();
                second.workerId();
                Poll.until("ten jobs done", Duration.ofMinutes(2), () -> jobs.all().stream()
                        .filter(job -> job.status() == JobStatus.DONE).count() >= 10);

                run(servers, "restart", server);

                Poll.until("all jobs finished", Duration.ofMinutes(3),
                        () -> finishedOrUnreachable(jobs));
                // Either the workers' own retries or the pool's reconnects show that the restart reached them.
                assertThat(first.log() + second.log()).as("worker logs").containsPattern(
                        "Cannot (claim jobs|renew the lease)|Recording the state of job|store failed"
                                + "|datadump-store - (Connection .* marked as broken|Failed to validate connection)");
                assertThat(first.isAlive()).as("first worker alive").isTrue();
                assertThat(second.isAlive()).as("second worker alive").isTrue();
            }

            for (Job job : added) {
                Job finished = jobs.find(job.id());
                assertThat(finished.status()).as("job %d: %s", job.id(), finished.error()).isEqualTo(JobStatus.DONE);
                Exports.assertOneArchive(finished);
            }
            Exports.assertStagingEmpty(staging);
        }
    }

    /** Returns whether all jobs finished, or false while the test's own connection is still broken. */
    private static boolean finishedOrUnreachable(Jobs jobs) {
        try {
            return jobs.all().stream().allMatch(job -> job.status().isFinished());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String createDatabase(String serverUrl, String marker) throws Exception {
        String name = "dd_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(serverUrl);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return serverUrl.replace(marker, "/" + name + "?");
    }

    private static String run(Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("user.dir"), "bin", "test-servers");
        ProcessBuilder builder = new ProcessBuilder();
        builder.command().add(script.toString());
        builder.command().addAll(List.of(arguments));
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("bin/test-servers " + String.join(" ", arguments) + " failed: "
                    + new String(output, StandardCharsets.UTF_8));
        }
        return new String(output, StandardCharsets.UTF_8);
    }

    private static Map<String, String> readEnvironment(Path envFile) throws IOException {
        Map<String, String> environment = new HashMap<>();
        for (String line : Files.readAllLines(envFile)) {
            if (line.startsWith("export ")) {
                String assignment = line.substring("export ".length());
                int equals = assignment.indexOf('=');
                String value = assignment.substring(equals + 1);
                environment.put(assignment.substring(0, equals), value.substring(1, value.length() - 1));
            }
        }
        return environment;
    }
}
