package dev.datadump.worker;

import dev.datadump.model.Job;
import dev.datadump.model.JobStatus;
import dev.datadump.store.Store;
import dev.datadump.testing.TestStores;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Cancelling a running job, and SIGTERM of a busy worker process. */
class WorkerStopIT {

    private static final List<String> PAUSE_WHILE_WRITING = List.of(DebugPause.PROPERTY + "=while-writing");

    @TempDir
    Path tempDir;

    @ParameterizedTest
    @EnumSource(value = TestStores.Kind.class, names = {"MARIADB", "POSTGRESQL"})
    void cancelStopsRunningJob(TestStores.Kind kind) throws Exception {
        String url = TestStores.create(kind);
        Path staging = tempDir.resolve("staging");
        try (Store store = Store.open(url)) {
            Jobs jobs = new Jobs(store);
            Job job = jobs.add(1, "default", Exports.customerRoot(tempDir), 65534, 65534).get(0);

            try (WorkerProcess worker = WorkerProcess.worker(tempDir, url, "default", 1, PAUSE_WHILE_WRITING,
                    Staging.options(staging))) {
                worker.awaitLog("Debug pause at while-writing", Duration.ofSeconds(60));
                jobs.requestCancel(job.id());
                long requestedAt = System.nanoTime();
                Poll.until("job cancelled", Duration.ofSeconds(15),
                        () -> jobs.find(job.id()).status() == JobStatus.CANCELLED);

                assertThat(Duration.ofNanos(System.nanoTime() - requestedAt)).isLessThan(Duration.ofSeconds(5));
                assertThat(worker.isAlive()).isTrue();
            }

            Job cancelled = jobs.find(job.id());
            assertThat(cancelled.error()).isEqualTo("cancelled on request");
            assertThat(cancelled.archive()).isNull();
            assertThat(jobs.activeCustomer(job.id())).isNull();
            assertThat(Exports.filesIn(cancelled)).isEmpty();
            Exports.assertStagingEmpty(staging);
        }
    }

    /**
     * A cancel request at each step of a running job, with the default 5 s heartbeat: the export
     * notices it within about a second, and the job ends done only when the request came after the
     * archive was handed over.
     */
    @ParameterizedTest
    @ValueSource(strings = {"before-export", "while-writing", "before-hand-over", "before-record"})
    void cancelAtEachStep(String point) throws Exception {
        String url = TestStores.create(TestStores.Kind.SQLITE);
        Path staging = tempDir.resolve("staging");
        try (Store store = Store.open(url)) {
            Jobs jobs = new Jobs(store);
            Job job = jobs.add(1, "default", Exports.customerRoot(tempDir), 65534, 65534).get(0);

            try (WorkerProcess worker = WorkerProcess.start(tempDir, List.of(DebugPause.PROPERTY + "=" + point),
                    Staging.command("worker", staging, "--store", url, "--node", "default", "--lease-seconds", "15",
                            "--heartbeat-seconds", "5", "--poll-seconds", "1"))) {
                worker.awaitLog("Debug pause at " + point, Duration.ofSeconds(60));
                jobs.requestCancel(job.id());
                long requestedAt = System.nanoTime();
                Poll.until("job finished", Duration.ofSeconds(15), () -> jobs.find(job.id()).status().isFinished());

                assertThat(Duration.ofNanos(System.nanoTime() - requestedAt)).isLessThan(Duration.ofSeconds(3));
            }

            Job finished = jobs.find(job.id());
            if (point.equals("before-record")) {
                assertThat(finished.status()).as("job %d: %s", job.id(), finished.error()).isEqualTo(JobStatus.DONE);
                Exports.assertOneArchive(finished);
            } else {
                assertThat(finished.status()).as("job %d: %s", job.id(), finished.error())
                        .isEqualTo(JobStatus.CANCELLED);
                assertThat(finished.error()).isEqualTo("cancelled on request");
                assertThat(finished.archive()).isNull();
                assertThat(Exports.filesIn(finished)).isEmpty();
            }
            Exports.assertStagingEmpty(staging);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestStores.Kind.class, names = {"MARIADB", "POSTGRESQL"})
    void sigtermReleasesBusyJob(TestStores.Kind kind) throws Exception {
        String url = TestStores.create(kind);
        Path staging = tempDir.resolve("staging");
        try (Store store = Store.open(url)) {
            Jobs jobs = new Jobs(store);
            Job job = jobs.add(1, "default", Exports.customerRoot(tempDir), 65534, 65534).get(0);

            try (WorkerProcess worker = WorkerProcess.worker(tempDir, url, "default", 1, PAUSE_WHILE_WRITING,
                    Staging.options(staging, "--stop-timeout-seconds", "1"))) {
                worker.awaitLog("Debug pause at while-writing", Duration.ofSeconds(60));

                worker.terminate(Duration.ofSeconds(30));

                assertThat(worker.log()).contains("it is planned again for another worker");
            }
            Job released = jobs.find(job.id());
            assertThat(released.status()).isEqualTo(JobStatus.PLANNED);
            assertThat(released.leaseUntil()).isNull();
            assertThat(released.attempts()).isZero();
            assertThat(Exports.filesIn(released)).isEmpty();
            Exports.assertStagingEmpty(staging);

            try (WorkerProcess next = WorkerProcess.worker(tempDir, url, "default", 1, List.of(),
                    Staging.options(staging))) {
                Poll.until("job done", Duration.ofSeconds(60), () -> jobs.find(job.id()).status().isFinished());
            }
            Job done = jobs.find(job.id());
            assertThat(done.status()).as("job %d: %s", job.id(), done.error()).isEqualTo(JobStatus.DONE);
            assertThat(done.attempts()).isEqualTo(1);
            Exports.assertOneArchive(done);
        }
    }
}
