package dev.datadump.worker;

import dev.datadump.model.Job;
import dev.datadump.model.JobStatus;
import dev.datadump.store.JobQueue;
import dev.datadump.store.Store;
import dev.datadump.testing.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker service in-process on SQLite, with an engine that only writes a marker file. */
class WorkerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    private Store store;
    private Jobs jobs;
    private final List<Worker> workers = new ArrayList<>();

    @BeforeEach
    void openStore() {
        store = Store.open(TestStores.create(TestStores.Kind.SQLITE));
        jobs = new Jobs(store);
    }

    @AfterEach
    void closeStore() {
        workers.forEach(Worker::stop);
        store.close();
    }

    private Worker start(TestEngine engine, int concurrency, Duration stopTimeout, int maxAttempts) {
        WorkerSettings settings = new WorkerSettings("default", concurrency, Duration.ofMillis(1000),
                Duration.ofMillis(200), Duration.ofMillis(100), maxAttempts, stopTimeout);
        Worker worker = new Worker(store, engine, settings);
        workers.add(worker);
        worker.start();
        return worker;
    }

    private boolean allFinished() {
        return jobs.all().stream().allMatch(job -> job.status().isFinished());
    }

    private static long archivesIn(Job job) throws Exception {
        try (var files = Files.list(Path.of(job.destdir()))) {
            return files.count();
        }
    }

    @Test
    void workersRunEveryJobOnce() throws Exception {
        List<Job> added = jobs.add(30, "default", root, 65534, 65534);
        TestEngine engine = new TestEngine(0, null);
        start(engine, 2, Duration.ofSeconds(5), 3);
        start(engine, 2, Duration.ofSeconds(5), 3);
        start(engine, 2, Duration.ofSeconds(5), 3);

        Poll.until("all jobs finished", WAIT, this::allFinished);

        for (Job job : added) {
            Job done = jobs.find(job.id());
            assertThat(done.status()).as("job %d", job.id()).isEqualTo(JobStatus.DONE);
            assertThat(done.attempts()).as("attempts of job %d", job.id()).isEqualTo(1);
            assertThat(engine.exportsOf(job.id())).as("exports of job %d", job.id()).isEqualTo(1);
            assertThat(done.archive()).isEqualTo("defaultc" + (job.id() - added.get(0).id()) + "-export_"
                    + job.id() + ".tar.gz");
            assertThat(done.warnings()).isEqualTo("[\"skipped nothing\"]");
            assertThat(done.sha256()).hasSize(64);
            assertThat(done.worker()).isNotBlank();
            assertThat(archivesIn(done)).isEqualTo(1);
            assertThat(jobs.activeCustomer(job.id())).isNull();
        }
    }

    @Test
    void cancelRequestStopsRunningJob() throws Exception {
        Job job = jobs.add(1, "default", root, 65534, 65534).get(0);
        start(new TestEngine(1000, null), 1, Duration.ofSeconds(5), 3);
        Poll.until("job running", WAIT, () -> jobs.find(job.id()).status() == JobStatus.RUNNING);

        jobs.requestCancel(job.id());
        long requestedAt = System.nanoTime();
        Poll.until("job cancelled", WAIT, () -> jobs.find(job.id()).status() == JobStatus.CANCELLED);

        assertThat(Duration.ofNanos(System.nanoTime() - requestedAt)).isLessThan(Duration.ofSeconds(3));
        assertThat(jobs.find(job.id()).error()).isEqualTo("cancelled on request");
        assertThat(jobs.activeCustomer(job.id())).isNull();
        assertThat(archivesIn(job)).isZero();
    }

    @Test
    void stopReleasesJobsPastTimeout() throws Exception {
        Job job = jobs.add(1, "default", root, 65534, 65534).get(0);
        Worker worker = start(new TestEngine(2000, null), 1, Duration.ofMillis(300), 3);
        Poll.until("job running", WAIT, () -> jobs.find(job.id()).status() == JobStatus.RUNNING);

        worker.stop();

        Job released = jobs.find(job.id());
        assertThat(released.status()).isEqualTo(JobStatus.PLANNED);
        assertThat(released.leaseUntil()).isNull();
        assertThat(released.attempts()).isZero();
        assertThat(archivesIn(job)).isZero();
    }

    @Test
    void stopLetsShortJobFinish() throws Exception {
        Job job = jobs.add(1, "default", root, 65534, 65534).get(0);
        Worker worker = start(new TestEngine(100, null), 1, Duration.ofSeconds(10), 3);
        Poll.until("job running", WAIT, () -> jobs.find(job.id()).status() == JobStatus.RUNNING);

        worker.stop();

        assertThat(jobs.find(job.id()).status()).isEqualTo(JobStatus.DONE);
        assertThat(archivesIn(job)).isEqualTo(1);
    }

    @Test
    void failedExportRecordsError() throws Exception {
        Job job = jobs.add(1, "default", root, 65534, 65534).get(0);
        start(new TestEngine(0, "no space left on /var/tmp"), 1, Duration.ofSeconds(5), 3);

        Poll.until("job finished", WAIT, this::allFinished);

        Job failed = jobs.find(job.id());
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error()).isEqualTo("no space left on /var/tmp");
        assertThat(failed.archive()).isNull();
    }

    @Test
    void deadWorkersJobIsTakenOver() throws Exception {
        Job job = jobs.add(1, "default", root, 65534, 65534).get(0);
        new JobQueue(store).claim("default", "dead-worker", 300, 3).orElseThrow();
        TestEngine engine = new TestEngine(0, null);
        start(engine, 1, Duration.ofSeconds(5), 3);

        Poll.until("job finished", WAIT, this::allFinished);

        Job done = jobs.find(job.id());
        assertThat(done.status()).isEqualTo(JobStatus.DONE);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.worker()).isNotEqualTo("dead-worker");
        assertThat(engine.cleanUps.get(job.id()).get()).isEqualTo(1);
    }

    @Test
    void jobFailsAfterMaxAttempts() throws Exception {
        Job job = jobs.add(1, "default", root, 65534, 65534).get(0);
        JobQueue queue = new JobQueue(store);
        for (int attempt = 0; attempt < 2; attempt++) {
            queue.claim("default", "dead-worker-" + attempt, 1, 2).orElseThrow();
            Thread.sleep(20);
        }
        TestEngine engine = new TestEngine(0, null);
        start(engine, 1, Duration.ofSeconds(5), 2);

        Poll.until("job finished", WAIT, this::allFinished);

        Job failed = jobs.find(job.id());
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.error()).startsWith("worker died or lost the store 2 times");
        assertThat(engine.exportsOf(job.id())).isZero();
        assertThat(engine.cleanUps.get(job.id()).get()).isEqualTo(1);
        assertThat(jobs.activeCustomer(job.id())).isNull();
    }

    @Test
    void lostLeaseRecordsNothing() throws Exception {
        Job job = jobs.add(1, "default", root, 65534, 65534).get(0);
        TestEngine engine = new TestEngine(300, null);
        start(engine, 1, Duration.ofSeconds(5), 3);
        Poll.until("job running", WAIT, () -> jobs.find(job.id()).status() == JobStatus.RUNNING);

        store.withConnection(connection -> dev.datadump.store.Jdbc.update(connection,
                "UPDATE jobs SET lease_until = 0 WHERE id = ?", job.id()));
        JobQueue.Claim thief = new JobQueue(store).claim("default", "other-worker", 60_000, 3).orElseThrow();
        Thread.sleep(3500);

        Job stillRunning = jobs.find(job.id());
        assertThat(stillRunning.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(stillRunning.worker()).isEqualTo("other-worker");
        assertThat(stillRunning.attempts()).isEqualTo(thief.lease().attempt());
        assertThat(archivesIn(job)).isZero();
    }
}
