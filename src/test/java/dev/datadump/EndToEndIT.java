package dev.datadump;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.datadump.api.ApiClient;
import dev.datadump.api.ApiClient.Credentials;
import dev.datadump.model.Customer;
import dev.datadump.store.AdminRepository;
import dev.datadump.store.ApiKeyRepository;
import dev.datadump.store.CustomerRepository;
import dev.datadump.store.DatabaseServerRepository;
import dev.datadump.store.Store;
import dev.datadump.testing.ArchiveChecks;
import dev.datadump.testing.Cli;
import dev.datadump.testing.CustomerFixture;
import dev.datadump.testing.TestFolders;
import dev.datadump.testing.TestStores;
import dev.datadump.testing.TestStores.Kind;
import dev.datadump.worker.Exports;
import dev.datadump.worker.WorkerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer's export the whole way: the customer's own API key adds the job, with an OpenPGP
 * key, over HTTP; a worker runs it, either {@code datadump run-once} in a process of its own or
 * the worker inside {@code datadump serve}; DataDump.listing and {@code datadump jobs list}
 * show the archive as it is on disk; and gpg, GNU tar, sha256sum and the mariadb client read
 * it back into the same web files, maildirs and rows. The customer is built once for all cases.
 */
class EndToEndIT {

    private static final String LOGIN = "web1";
    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CustomerFixture fixture;

    private Path work;
    private Path destination;

    @BeforeAll
    static void buildCustomer() throws IOException {
        fixture = CustomerFixture.create("e2e-it");
    }

    @AfterAll
    static void removeCustomer() throws IOException {
        if (fixture != null) {
            fixture.close();
        }
    }

    /**
     * Removes the case's work folder and destination. The destination must go because the next
     * case exports the document root again and would otherwise carry this archive inside its own.
     */
    @AfterEach
    void removeCaseFiles() throws IOException {
        TestFolders.deleteTree(destination);
        TestFolders.deleteTree(work);
    }

    @Test
    void runOnceRunsJobAddedOverApi() throws Exception {
        String store = TestStores.create(Kind.MARIADB);
        Credentials key = registerCustomer(store);
        openCase("run-once");
        ArchiveOnDisk archive;

        try (WorkerProcess api = WorkerProcess.start(work, List.of(), "serve", "--store", store,
                "--listen", "127.0.0.1:0", "--jobs", "0")) {
            ApiClient client = new ApiClient(api.apiUrl());
            long jobId = addExport(client, key);

            try (WorkerProcess runOnce = WorkerProcess.start(work, List.of(), "run-once", "--store", store,
                    "--staging", work.resolve("staging").toString())) {
                assertThat(runOnce.awaitExit(JOB_TIMEOUT)).as("exit code; output:\n%s", runOnce.tail()).isZero();
                assertThat(runOnce.log()).contains("job " + jobId + " " + LOGIN + ": done, ");
            }

            archive = onlyArchive();
            assertListedAsDone(client, key, jobId, archive);
        }

        assertJobsListShowsDone(store, archive);
        Exports.assertStagingEmpty(work.resolve("staging"));
        fixture.assertEncryptedExportOfEverything(archive.file());
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"MARIADB", "SQLITE"})
    void serveRunsJobAddedOverApi(Kind kind) throws Exception {
        String store = TestStores.create(kind);
        Credentials key = registerCustomer(store);
        openCase("serve-" + kind.name().toLowerCase(Locale.ROOT));
        ArchiveOnDisk archive;

        try (WorkerProcess serve = WorkerProcess.start(work, List.of(), "serve", "--store", store,
                "--listen", "127.0.0.1:0", "--poll-seconds", "1", "--staging", work.resolve("staging").toString())) {
            ApiClient client = new ApiClient(serve.apiUrl());
            long jobId = addExport(client, key);

            awaitFinished(client, key, jobId, serve);
            archive = onlyArchive();
            assertListedAsDone(client, key, jobId, archive);
        }

        assertJobsListShowsDone(store, archive);
        Exports.assertStagingEmpty(work.resolve("staging"));
        fixture.assertEncryptedExportOfEverything(archive.file());
    }

    /** Creates the case's work folder (logs, data directory, staging) and picks its destination. */
    private void openCase(String name) throws IOException {
        work = Files.createDirectories(fixture.base().resolve("work-" + name));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        destination = fixture.documentRoot().resolve("exports-" + name);
    }

    /**
     * Registers the fixture's customer in the store as an admin would, and returns an API key of
     * the customer's own. The store receives an admin, the customer with its document root and
     * Unix ids, the database server and database, and the mail accounts.
     */
    private static Credentials registerCustomer(String storeUrl) {
        try (Store store = Store.open(storeUrl)) {
            long adminId = new AdminRepository(store).add("hoster", false, true).id();
            CustomerRepository customers = new CustomerRepository(store);
            Customer customer = customers.add(LOGIN, fixture.documentRoot().toString(), fixture.customerUser().uid(),
                    fixture.customerUser().gid(), adminId, Customer.DEFAULT_NODE);

            new DatabaseServerRepository(store).put(1, fixture.databases().optionFile().toString());
            customers.addDatabase(customer.id(), fixture.databaseName(), 1);
            for (String maildir : fixture.maildirs()) {
                customers.addMailAccount(customer.id(), fixture.mailHome().toString(), maildir);
            }

            ApiKeyRepository.IssuedKey issued = new ApiKeyRepository(store).issue(null, customer.id(), null, "");
            return new Credentials(issued.key().key(), issued.secret());
        }
    }

    /** Adds an encrypted export of web files, mail and databases with DataDump.add and returns the job id. */
    private long addExport(ApiClient client, Credentials key) throws IOException, InterruptedException {
        String path = "/" + destination.getFileName() + "/";
        ApiClient.Response added = client.call(key, "DataDump.add", Map.of("path", path,
                "pgp_public_key", fixture.publicKey(), "dump_dbs", 1, "dump_mail", 1, "dump_web", 1));

        assertThat(added.status()).as("DataDump.add: %s", added).isEqualTo(200);
        JsonNode data = added.data();
        assertThat(data.path("status").asText()).isEqualTo("planned");
        assertThat(data.path("loginname").asText()).isEqualTo(LOGIN);
        assertThat(data.path("destdir").asText()).isEqualTo(destination + "/");
        return data.path("id").asLong();
    }

    /** Polls DataDump.listing with history until the job has finished, or fails with the server's log. */
    private static void awaitFinished(ApiClient client, Credentials key, long jobId, WorkerProcess serve)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (true) {
            JsonNode entry = historyEntry(client, key, jobId);
            String status = entry.path("status").asText();
            if (!status.equals("planned") && !status.equals("running")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + jobId + " timed out: still " + status + " after "
                        + JOB_TIMEOUT.toSeconds() + " s; server log:\n" + serve.tail());
            }
            Thread.sleep(500);
        }
    }

    /**
     * Checks the job in the customer's own listings. It must be gone from the plain listing and
     * be in the history as done, with times, no error, and the archive's name, size and SHA-256.
     */
    private static void assertListedAsDone(ApiClient client, Credentials key, long jobId, ArchiveOnDisk archive)
            throws IOException, InterruptedException {
        ApiClient.Response unfinished = client.call(key, "DataDump.listing", null);
        assertThat(unfinished.status()).as("DataDump.listing: %s", unfinished).isEqualTo(200);
        assertThat(unfinished.data().path("count").asInt()).as("unfinished jobs").isZero();

        JsonNode entry = historyEntry(client, key, jobId);
        assertThat(entry.path("status").asText()).as("job %d: %s", jobId, entry).isEqualTo("done");
        assertThat(entry.path("data").path("status").asText()).isEqualTo("done");
        assertThat(entry.has("error")).as("error field in %s", entry).isFalse();
        assertThat(entry.path("data").path("pgp_public_key").asText()).isEqualTo(fixture.publicKey().trim());
        assertThat(entry.path("started").isIntegralNumber()).as("started in %s", entry).isTrue();
        assertThat(entry.path("finished").asLong()).isGreaterThanOrEqualTo(entry.path("started").asLong());

        assertThat(entry.path("archive").asText()).isEqualTo(archive.name());
        assertThat(entry.path("size").asLong()).isEqualTo(archive.size());
        assertThat(entry.path("sha256").asText()).isEqualTo(archive.sha256());
    }

    /** Checks the job's record as {@code datadump jobs list --all --json} prints it for the admin. */
    private static void assertJobsListShowsDone(String store, ArchiveOnDisk archive) throws IOException {
        Cli.Result listed = Cli.run("jobs", "list", "--all", "--json", "--store", store);
        assertThat(listed.exitCode()).as("jobs list: %s", listed.stderr()).isZero();
        JsonNode jobs = JSON.readTree(listed.stdout());
        assertThat(jobs).hasSize(1);
        JsonNode job = jobs.get(0);

        assertThat(job.path("loginname").asText()).isEqualTo(LOGIN);
        assertThat(job.path("status").asText()).as("job: %s", job).isEqualTo("done");
        assertThat(job.path("encrypted").asBoolean()).isTrue();
        assertThat(job.path("attempts").asInt()).isEqualTo(1);
        assertThat(job.path("worker").asText()).isNotBlank();
        assertThat(job.path("error").isNull()).as("error in %s", job).isTrue();
        assertThat(job.path("archive").asText()).isEqualTo(archive.name());
        assertThat(job.path("size").asLong()).isEqualTo(archive.size());
        assertThat(job.path("sha256").asText()).isEqualTo(archive.sha256());
    }

    /** Returns the job's history entry from DataDump.listing with {@code history: 1}. */
    private static JsonNode historyEntry(ApiClient client, Credentials key, long jobId)
            throws IOException, InterruptedException {
        ApiClient.Response listing = client.call(key, "DataDump.listing", Map.of("history", 1));
        assertThat(listing.status()).as("DataDump.listing: %s", listing).isEqualTo(200);
        for (JsonNode entry : listing.data().path("list")) {
            if (entry.path("id").asLong() == jobId) {
                return entry;
            }
        }
        throw new AssertionError("job " + jobId + " not in the history: " + listing);
    }

    /** The archive a job left in its destination, with its size and SHA-256 as read from disk. */
    private record ArchiveOnDisk(Path file, long size, String sha256) {

        String name() {
            return file.getFileName().toString();
        }
    }

    /** Returns the archive in the destination, after checking that only it and its checksum file are there. */
    private ArchiveOnDisk onlyArchive() throws IOException {
        List<String> names;
        try (Stream<Path> files = Files.list(destination)) {
            names = files.map(file -> file.getFileName().toString()).sorted().toList();
        }
        assertThat(names).as("files in %s", destination).hasSize(2);
        String archive = names.get(0);
        assertThat(archive).matches(LOGIN + "-export_\\d{12}\\.tar\\.gz\\.gpg");
        assertThat(names.get(1)).isEqualTo(archive + ".sha256");
        Path file = destination.resolve(archive);
        return new ArchiveOnDisk(file, Files.size(file), ArchiveChecks.sha256(file));
    }
}
