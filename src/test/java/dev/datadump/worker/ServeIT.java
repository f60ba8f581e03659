package dev.datadump.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.datadump.model.Customer;
import dev.datadump.model.Job;
import dev.datadump.model.JobStatus;
import dev.datadump.store.AdminRepository;
import dev.datadump.store.ApiKeyRepository;
import dev.datadump.store.CustomerRepository;
import dev.datadump.store.Store;
import dev.datadump.testing.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code datadump serve}: a job added over the API runs on the in-process worker, DataDump.delete
 * cancels it while it runs, and the worker goes on with the next job.
 */
class ServeIT {

    private static final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path tempDir;

    @Test
    void apiJobsRunAndCancel() throws Exception {
        String url = TestStores.create(TestStores.Kind.POSTGRESQL);
        Path root = Exports.customerRoot(tempDir);
        String authorization;
        Customer first;
        Customer second;
        try (Store store = Store.open(url)) {
            long adminId = new AdminRepository(store).add("admin", true, true).id();
            CustomerRepository customers = new CustomerRepository(store);
            first = customers.add("web1", documentRoot(root, "web1").toString(), 65534, 65534, adminId, "default");
            second = customers.add("web2", documentRoot(root, "web2").toString(), 65534, 65534, adminId, "default");
            ApiKeyRepository.IssuedKey key = new ApiKeyRepository(store).issue(adminId, null, null, "");
            authorization = "Basic " + Base64.getEncoder().encodeToString(
                    (key.key().key() + ":" + key.secret()).getBytes(StandardCharsets.UTF_8));
        }
        int port = freePort();

        try (WorkerProcess serve = WorkerProcess.start(tempDir, List.of(DebugPause.PROPERTY + "=while-writing"),
                Staging.command("serve", tempDir.resolve("staging"), "--store", url, "--listen", "127.0.0.1:" + port,
                        "--lease-seconds", "3", "--heartbeat-seconds", "1", "--poll-seconds", "1"));
             Store store = Store.open(url)) {
            serve.awaitLog("started on node default", Duration.ofSeconds(30));
            Jobs jobs = new Jobs(store);

            JsonNode added = call(port, authorization, "DataDump.add",
                    Map.of("loginname", first.loginName(), "path", "exports", "dump_web", "1"));
            long jobId = jobs.all().stream().filter(job -> job.customerId() == first.id()).findFirst()
                    .orElseThrow().id();
            assertThat(added.path("data").path("destdir").asText()).endsWith("/web1/exports/");
            serve.awaitLog("Debug pause at while-writing for job " + jobId, Duration.ofSeconds(60));

            call(port, authorization, "DataDump.delete", Map.of("job_entry", String.valueOf(jobId)));

            Poll.until("job cancelled", Duration.ofSeconds(10),
                    () -> jobs.find(jobId).status() == JobStatus.CANCELLED);
            Job cancelled = jobs.find(jobId);
            assertThat(cancelled.error()).isEqualTo("cancelled on request");
            assertThat(Exports.filesIn(cancelled)).isEmpty();
            JsonNode count = call(port, authorization, "DataDump.listingCount", Map.of());
            assertThat(count.path("data").asLong()).isZero();

            call(port, authorization, "DataDump.add",
                    Map.of("loginname", second.loginName(), "path", "exports", "dump_web", "1"));
            long nextId = jobs.all().stream().filter(job -> job.customerId() == second.id()).findFirst()
                    .orElseThrow().id();
            serve.awaitLog("Debug pause at while-writing for job " + nextId, Duration.ofSeconds(60));
        }
    }

    private static Path documentRoot(Path root, String login) throws Exception {
        Path documentRoot = Files.createDirectories(root.resolve(login));
        Files.writeString(documentRoot.resolve("index.html"), "<p>" + login + "</p>\n");
        return documentRoot;
    }

    private static JsonNode call(int port, String authorization, String command, Map<String, String> params)
            throws Exception {
        String body = json.writeValueAsString(Map.of("command", command, "params", params));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api.php"))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s: %s", command, response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
