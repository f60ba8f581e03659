package dev.datadump.export;

import dev.datadump.model.Customer;
import dev.datadump.model.CustomerDatabase;
import dev.datadump.model.DatabaseServer;
import dev.datadump.model.Job;
import dev.datadump.testing.Commands;
import dev.datadump.testing.Gpg;
import dev.datadump.testing.TestDatabases;
import dev.datadump.testing.TestFolders;
import dev.datadump.testing.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static dev.datadump.export.EngineTestSupport.job;
import static dev.datadump.testing.Commands.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Exports that must fail cleanly: a missing or failing dump tool, an unusable key, a full file
 * system in staging or destination, a cancel. Each leaves no file in the destination and no
 * folder of the job in staging.
 */
class ExportFailureIT {

    private static Path base;
    private static TestUser customerUser;
    private static TestDatabases databases;
    private static String databaseName;

    private Path home;
    private Path destination;

    @BeforeAll
    static void createCustomer() throws IOException {
        Commands.requireTools("setpriv", "useradd", "mariadb-dump", "mariadb", "gpg", "mount");
        base = TestFolders.openTemporaryFolder("failure-it");
        customerUser = TestUser.create("ddfail");
        databases = new TestDatabases(base);
        databaseName = databases.create("dd_failure_it");
        databases.sql(databaseName, "CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1), (2)");
    }

    @AfterAll
    static void removeCustomer() throws IOException {
        if (databases != null) {
            databases.close();
        }
        if (customerUser != null) {
            customerUser.close();
        }
        TestFolders.deleteTree(base);
    }

    @BeforeEach
    void createHome() throws IOException {
        home = TestFolders.openTemporaryFolder("failure-home");
        byte[] noise = new byte[4 * 1024 * 1024];
        new SecureRandom().nextBytes(noise);
        Files.write(home.resolve("photo.jpg"), noise);
        destination = home.resolve("exports");
        Files.createDirectories(destination);
        customerUser.chownTree(home);
    }

    @AfterEach
    void removeHome() throws IOException {
        TestFolders.deleteTree(home);
    }

    @Test
    void missingDumpToolFails() throws Exception {
        PipelineExportEngine engine = engine(settings().withDumpCommand(Path.of("/nonexistent/mariadb-dump")));

        assertThatThrownBy(() -> engine.export(request(job(201, destination, null, true, false, true)),
                Cancellation.NEVER, ExportProgress.NONE))
                .isInstanceOf(ExportFailedException.class)
                .hasMessageContaining("/nonexistent/mariadb-dump is missing or not executable");
        assertNothingLeft(201);
    }

    @Test
    void unknownDatabaseFailsWithToolMessage() throws Exception {
        PipelineExportEngine engine = engine(settings());
        ExportRequest request = new ExportRequest(job(202, destination, null, true, false, true), customer(),
                List.of(new CustomerDatabase(1, 1, databaseName, 1), new CustomerDatabase(2, 1, "dd_no_such_db", 1)),
                List.of(), Map.of(1, databases.server(1)));

        assertThatThrownBy(() -> engine.export(request, Cancellation.NEVER, ExportProgress.NONE))
                .isInstanceOf(ExportFailedException.class)
                .hasMessageContaining("dumping database dd_no_such_db on server 1 failed")
                .hasMessageContaining("Unknown database");
        assertNothingLeft(202);
    }

    @Test
    void optionFileOthersMayChangeFails() throws Exception {
        Path optionFile = base.resolve("shared-server.cnf");
        Files.copy(databases.optionFile(), optionFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(optionFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
        ExportRequest request = new ExportRequest(job(213, destination, null, true, false, false), customer(),
                List.of(new CustomerDatabase(1, 1, databaseName, 1)), List.of(),
                Map.of(1, new DatabaseServer(1, optionFile.toString())));

        assertThatThrownBy(() -> engine(settings()).export(request, Cancellation.NEVER, ExportProgress.NONE))
                .isInstanceOf(ExportFailedException.class)
                .hasMessageContaining("option file " + optionFile + " has mode 0666")
                .hasMessageContaining("chmod 600");
        assertNothingLeft(213);
    }

    @Test
    void dumpWithoutOutputFails() throws Exception {
        Path elsewhere = base.resolve("dump-elsewhere-" + System.nanoTime() + ".sql");
        Path optionFile = base.resolve("result-file-server.cnf");
        Files.writeString(optionFile, Files.readString(databases.optionFile())
                + "\n[mysqldump]\nresult-file=" + elsewhere + "\n");
        Files.setPosixFilePermissions(optionFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        ExportRequest request = new ExportRequest(job(214, destination, null, true, false, false), customer(),
                List.of(new CustomerDatabase(1, 1, databaseName, 1)), List.of(),
                Map.of(1, new DatabaseServer(1, optionFile.toString())));

        assertThatThrownBy(() -> engine(settings()).export(request, Cancellation.NEVER, ExportProgress.NONE))
                .isInstanceOf(ExportFailedException.class)
                .hasMessageContaining("dumping database " + databaseName + " on server 1 produced no output")
                .hasMessageContaining("result-file");
        assertNothingLeft(214);
        Files.deleteIfExists(elsewhere);
    }

    @Test
    void keyThatIsNotOpenPgpFails() throws Exception {
        PipelineExportEngine engine = engine(settings());

        assertThatThrownBy(() -> engine.export(request(job(203, destination, "-----BEGIN PGP PUBLIC KEY BLOCK-----\n"
                + "garbage\n-----END PGP PUBLIC KEY BLOCK-----\n", false, false, true)), Cancellation.NEVER,
                ExportProgress.NONE))
                .isInstanceOf(ExportFailedException.class)
                .hasMessageStartingWith("the job's OpenPGP key cannot be used");
        assertNothingLeft(203);
    }

    @Test
    void expiredKeyFails() throws Exception {
        Gpg gpg = new Gpg();
        String key = gpg.exportPublicKey(gpg.generateKey("expiring@example.com", "rsa3072", "sign,encrypt", "1d"));
        Clock nextMonth = Clock.offset(Clock.systemDefaultZone(), Duration.ofDays(30));
        PipelineExportEngine engine = engine(new ExportSettings(settings().stagingDirectory(),
                settings().readerLibraryDirectory(), settings().readerClassPath(), settings().javaCommand(),
                settings().setpriv(), settings().dumpCommand(), settings().minFreeBytes(), 6, nextMonth));

        assertThatThrownBy(() -> engine.export(request(job(204, destination, key, false, false, true)),
                Cancellation.NEVER, ExportProgress.NONE))
                .isInstanceOf(ExportFailedException.class)
                .hasMessageContaining("expired");
        assertNothingLeft(204);
        TestFolders.deleteTree(gpg.home());
    }

    @Test
    void fullDestinationFailsCleanly() throws Exception {
        check("mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", destination.toString());
        try {
            PipelineExportEngine engine = engine(settings().withMinFreeBytes(0));

            assertThatThrownBy(() -> engine.export(request(job(205, destination, null, false, false, true)),
                    Cancellation.NEVER, ExportProgress.NONE))
                    .isInstanceOf(OutOfSpaceException.class)
                    .hasMessageStartingWith("no space left on " + destination);
            assertNothingLeft(205);
        } finally {
            check("umount", destination.toString());
        }
    }

    @Test
    void fullStagingFailsCleanly() throws Exception {
        Path staging = base.resolve("small-staging");
        Files.createDirectories(staging);
        check("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", staging.toString());
        try {
            PipelineExportEngine engine = engine(settings().withStagingDirectory(staging).withMinFreeBytes(0));

            assertThatThrownBy(() -> engine.export(request(job(206, destination, null, false, false, true)),
                    Cancellation.NEVER, ExportProgress.NONE))
                    .isInstanceOf(OutOfSpaceException.class)
                    .hasMessageStartingWith("no space left on " + staging)
                    .hasMessageContaining("while writing the archive");
            try (Stream<Path> leftovers = Files.list(staging)) {
                assertThat(leftovers).isEmpty();
            }
            try (Stream<Path> inDestination = Files.list(destination)) {
                assertThat(inDestination).isEmpty();
            }
        } finally {
            check("umount", staging.toString());
        }
    }

    @Test
    void tooLittleFreeSpaceFailsBeforeStarting() throws Exception {
        PipelineExportEngine engine = engine(settings().withMinFreeBytes(Long.MAX_VALUE));

        assertThatThrownBy(() -> engine.export(request(job(207, destination, null, false, false, true)),
                Cancellation.NEVER, ExportProgress.NONE))
                .isInstanceOf(ExportFailedException.class)
                .hasMessageContaining("an export needs at least " + Long.MAX_VALUE + " bytes free there to start");
        assertNothingLeft(207);
    }

    @Test
    void readerLibraryOutOfCustomerReachFails() throws Exception {
        Path privateFolder = base.resolve("private-" + System.nanoTime());
        Files.createDirectories(privateFolder);
        Files.setPosixFilePermissions(privateFolder, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        ExportSettings defaults = settings();
        PipelineExportEngine engine = engine(new ExportSettings(defaults.stagingDirectory(),
                privateFolder.resolve("reader-lib"), defaults.readerClassPath(), defaults.javaCommand(),
                defaults.setpriv(), defaults.dumpCommand(), defaults.minFreeBytes(), 6, Clock.systemDefaultZone()));

        assertThatThrownBy(() -> engine.export(request(job(210, destination, null, false, false, true)),
                Cancellation.NEVER, ExportProgress.NONE))
                .isInstanceOf(ExportFailedException.class)
                .hasMessageContaining("folder " + privateFolder + " cannot be entered by other users");
        assertNothingLeft(210);
    }

    @Test
    void jarInPrivateFolderStillRunsReader() throws Exception {
        Path privateFolder = base.resolve("private-jar-" + System.nanoTime());
        Files.createDirectories(privateFolder);
        Files.setPosixFilePermissions(privateFolder, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        ExportSettings defaults = settings();
        Path privateJar = privateFolder.resolve("datadump.jar");
        Files.copy(defaults.readerClassPath(), privateJar);
        PipelineExportEngine engine = engine(new ExportSettings(defaults.stagingDirectory(),
                defaults.readerLibraryDirectory(), privateJar, defaults.javaCommand(), defaults.setpriv(),
                defaults.dumpCommand(), defaults.minFreeBytes(), 6, Clock.systemDefaultZone()));

        ExportResult result = engine.export(request(job(211, destination, null, false, false, true)),
                Cancellation.NEVER, ExportProgress.NONE);

        assertThat(result.files()).isGreaterThanOrEqualTo(1);
        assertThat(destination.resolve(result.archiveName())).isRegularFile();
        assertThat(defaults.readerLibraryDirectory().resolve("datadump-reader.jar")).isRegularFile();
    }

    @Test
    void cancelStopsTheExportAndCleansUp() throws Exception {
        PipelineExportEngine engine = engine(settings());
        AtomicInteger checks = new AtomicInteger();
        Cancellation cancelAfterSomeBlocks = () -> checks.incrementAndGet() > 20 ? "job deleted by the customer" : null;

        assertThatThrownBy(() -> engine.export(request(job(208, destination, null, false, false, true)),
                cancelAfterSomeBlocks, ExportProgress.NONE))
                .isInstanceOf(ExportCancelledException.class)
                .hasMessage("job deleted by the customer");
        assertNothingLeft(208);
    }

    @Test
    void crashLeftoversAreRemoved() throws Exception {
        ExportSettings settings = settings();
        PipelineExportEngine engine = engine(settings);
        ExportRequest request = request(attempt(job(209, destination, null, false, false, true), 2));
        Path earlierAttempt = settings.stagingDirectory().resolve("job-209-1");
        Path otherJob = settings.stagingDirectory().resolve("job-2090-1");
        Files.createDirectories(earlierAttempt);
        Files.createDirectories(otherJob);
        Files.writeString(earlierAttempt.resolve("archive"), "half an archive");
        Files.writeString(destination.resolve(".datadump-job209-0123456789abcdef.part"), "half a copy");
        Files.writeString(destination.resolve(".datadump-job2090-0123456789abcdef.part"), "another job's copy");

        engine.cleanUpAfterCrash(request);

        assertThat(earlierAttempt).doesNotExist();
        assertThat(otherJob).exists();
        assertThat(destination.resolve(".datadump-job209-0123456789abcdef.part")).doesNotExist();
        assertThat(destination.resolve(".datadump-job2090-0123456789abcdef.part")).exists();
        TestFolders.deleteTree(otherJob);
        Files.delete(destination.resolve(".datadump-job2090-0123456789abcdef.part"));
    }

    @Test
    void staleAttemptKeepsOffLaterAttemptsStaging() throws Exception {
        ExportSettings settings = settings();
        PipelineExportEngine engine = engine(settings.withDumpCommand(Path.of("/nonexistent/mariadb-dump")));
        Path laterAttempt = settings.stagingDirectory().resolve("job-212-2");
        Files.createDirectories(laterAttempt);
        Files.writeString(laterAttempt.resolve("archive"), "the archive the attempt that took over is writing");

        assertThatThrownBy(() -> engine.export(request(attempt(job(212, destination, null, true, false, false), 1)),
                Cancellation.NEVER, ExportProgress.NONE))
                .isInstanceOf(ExportFailedException.class);

        assertThat(laterAttempt.resolve("archive")).exists();
        assertThat(settings.stagingDirectory().resolve("job-212-1")).doesNotExist();
        TestFolders.deleteTree(laterAttempt);
    }

    private static Job attempt(Job job, int attempt) {
        return new Job(job.id(), job.customerId(), job.node(), job.path(), job.destdir(), job.pgpPublicKey(),
                job.dumpDbs(), job.dumpMail(), job.dumpWeb(), job.status(), job.created(), job.started(),
                job.finished(), attempt, job.worker(), job.leaseUntil(), job.cancelRequested(), job.archive(),
                job.size(), job.sha256(), job.warnings(), job.error());
    }

    private void assertNothingLeft(long jobId) throws IOException {
        try (Stream<Path> inDestination = Files.list(destination)) {
            assertThat(inDestination).isEmpty();
        }
        try (Stream<Path> inStaging = Files.list(settings().stagingDirectory())) {
            assertThat(inStaging.map(path -> path.getFileName().toString()))
                    .noneMatch(name -> name.startsWith("job-" + jobId + "-"));
        }
    }

    private ExportRequest request(Job job) {
        return new ExportRequest(job, customer(), List.of(new CustomerDatabase(1, 1, databaseName, 1)), List.of(),
                Map.of(1, databases.server(1)));
    }

    private Customer customer() {
        return EngineTestSupport.customer("ddfail", home, customerUser);
    }

    private static ExportSettings settings() throws IOException {
        return EngineTestSupport.settings(base, Clock.systemDefaultZone());
    }

    private static PipelineExportEngine engine(ExportSettings settings) {
        return new PipelineExportEngine(settings);
    }
}
