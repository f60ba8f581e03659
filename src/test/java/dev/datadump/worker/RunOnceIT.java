package dev.datadump.worker;

import dev.datadump.model.Job;
import dev.datadump.model.JobStatus;
import dev.datadump.store.Store;
import dev.datadump.testing.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code datadump run-once} on an SQLite store: one summary line per job and the exit code. */
class RunOnceIT {

    @TempDir
    Path tempDir;

    @Test
    void runOnceRunsJobsOfItsNode() throws Exception {
        String url = TestStores.create(TestStores.Kind.SQLITE);
        Path staging = tempDir.resolve("staging");
        List<Job> added;
        List<Job> elsewhere;
        try (Store store = Store.open(url)) {
            Jobs jobs = new Jobs(store);
            Path root = Exports.customerRoot(tempDir);
            added = jobs.add(3, "default", root, 65534, 65534);
            elsewhere = jobs.add(1, "other", root, 65534, 65534);
        }

        try (WorkerProcess run = WorkerProcess.start(tempDir, List.of(), Staging.command("run-once", staging,
                "--store", url))) {
            assertThat(run.awaitExit(Duration.ofMinutes(2))).as("exit code; output:\n%s", run.tail()).isZero();
            for (Job job : added) {
                assertThat(run.log()).contains("job " + job.id() + " defaultc" + (job.id() - added.get(0).id())
                        + ": done, ");
            }
            assertThat(run.log()).doesNotContain("job " + elsewhere.get(0).id() + " ");
        }

        try (Store store = Store.open(url)) {
            Jobs jobs = new Jobs(store);
            for (Job job : added) {
                Job done = jobs.find(job.id());
                assertThat(done.status()).as("job %d: %s", job.id(), done.error()).isEqualTo(JobStatus.DONE);
                Exports.assertOneArchive(done);
            }
            assertThat(jobs.find(elsewhere.get(0).id()).status()).isEqualTo(JobStatus.PLANNED);
        }
    }

    @Test
    void runOnceExitsOneWhenJobFails() throws Exception {
        String url = TestStores.create(TestStores.Kind.SQLITE);
        Path staging = tempDir.resolve("staging");
        List<Job> added;
        try (Store store = Store.open(url)) {
            added = new Jobs(store).add(2, "default", Exports.customerRoot(tempDir), 65534, 65534);
        }
        Job broken = added.get(1);
        Path documentRoot = Path.of(broken.destdir()).getParent();
        Files.delete(documentRoot.resolve("index.html"));
        Files.delete(Path.of(broken.destdir()));
        Files.delete(documentRoot);

        try (WorkerProcess run = WorkerProcess.start(tempDir, List.of(), Staging.command("run-once", staging,
                "--store", url))) {
            assertThat(run.awaitExit(Duration.ofMinutes(2))).as("exit code; output:\n%s", run.tail()).isEqualTo(1);
            assertThat(run.log()).contains("job " + added.get(0).id() + " defaultc0: done, ");
            assertThat(run.log()).contains("job " + broken.id() + " defaultc1: failed, ");
        }

        try (Store store = Store.open(url)) {
            Job failed = new Jobs(store).find(broken.id());
            assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
            assertThat(failed.error()).contains(documentRoot.toString());
        }
    }

    @Test
    void sigtermReleasesRunningJob() throws Exception {
        String url = TestStores.create(TestStores.Kind.SQLITE);
        Path staging = tempDir.resolve("staging");
        Job job;
        try (Store store = Store.open(url)) {
            job = new Jobs(store).add(1, "default", Exports.customerRoot(tempDir), 65534, 65534).get(0);
        }

        try (WorkerProcess run = WorkerProcess.start(tempDir, List.of(DebugPause.PROPERTY + "=while-writing"),
                Staging.command("run-once", staging, "--store", url))) {
            run.awaitLog("Debug pause at while-writing for job " + job.id(), Duration.ofSeconds(60));
            run.terminate(Duration.ofSeconds(30));
            assertThat(run.log()).contains("it is planned again for another worker");
        }

        try (Store store = Store.open(url)) {
            Job released = new Jobs(store).find(job.id());
            assertThat(released.status()).isEqualTo(JobStatus.PLANNED);
            assertThat(released.attempts()).isZero();
            assertThat(Exports.filesIn(released)).isEmpty();
        }
        Exports.assertStagingEmpty(staging);
    }
}
