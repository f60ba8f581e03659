package dev.datadump.worker;

import dev.datadump.model.Job;
import dev.datadump.model.JobStatus;
import dev.datadump.store.Store;
import dev.datadump.testing.TestStores;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker process killed with SIGKILL at a known step of a job. Another worker takes the job
 * over once the lease ran out. The job ends done exactly once, or failed once its attempts are
 * used up, and no partial file is left.
 */
class WorkerCrashIT {

    @TempDir
    Path tempDir;

    static Stream<Arguments> storesAndPoints() {
        List<Arguments> cases = new ArrayList<>();
        for (TestStores.Kind kind : List.of(TestStores.Kind.MARIADB, TestStores.Kind.POSTGRESQL)) {
            for (String point : List.of("before-export", "while-writing", "before-record")) {
                cases.add(Arguments.of(kind, point));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} killed at {1}")
    @MethodSource("storesAndPoints")
    void killedWorkersJobEndsOnce(TestStores.Kind kind, String point) throws Exception {
        String url = TestStores.create(kind);
        Path staging = tempDir.resolve("staging");
        try (Store store = Store.open(url)) {
            Jobs jobs = new Jobs(store);
            List<Job> added = jobs.add(3, "default", Exports.customerRoot(tempDir), 65534, 65534);

            long crashedJob;
            try (WorkerProcess doomed = WorkerProcess.worker(tempDir, url, "default", 1,
                    List.of(DebugPause.PROPERTY + "=" + point), Staging.options(staging))) {
                String doomedId = doomed.workerId();
                doomed.awaitLog("Debug pause at " + point, Duration.ofSeconds(60));
                crashedJob = jobs.all().stream().filter(job -> doomedId.equals(job.worker())).findFirst()
                        .orElseThrow().id();
                doomed.kill();
            }
            try (WorkerProcess survivor = WorkerProcess.worker(tempDir, url, "default", 1, List.of(),
                    Staging.options(staging))) {
                Poll.until("all jobs finished", Duration.ofSeconds(90),
                        () -> jobs.all().stream().allMatch(job -> job.status().isFinished()));
                if (point.equals("before-record")) {
                    assertThat(survivor.log()).contains("placed by an earlier attempt that did not record it");
                }
            }

            for (Job job : added) {
                Job finished = jobs.find(job.id());
                assertThat(finished.status()).as("job %d: %s", job.id(), finished.error()).isEqualTo(JobStatus.DONE);
                assertThat(finished.attempts()).as("attempts of job %d", job.id())
                        .isEqualTo(job.id() == crashedJob ? 2 : 1);
                Exports.assertOneArchive(finished);
            }
            Exports.assertStagingEmpty(staging);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestStores.Kind.class, names = {"MARIADB", "POSTGRESQL"})
    void jobFailsAfterMaxAttempts(TestStores.Kind kind) throws Exception {
        String url = TestStores.create(kind);
        Path staging = tempDir.resolve("staging");
        try (Store store = Store.open(url)) {
            Jobs jobs = new Jobs(store);
            Job job = jobs.add(1, "default", Exports.customerRoot(tempDir), 65534, 65534).get(0);

            try (WorkerProcess doomed = WorkerProcess.worker(tempDir, url, "default", 1,
                    List.of(DebugPause.PROPERTY + "=while-writing"), Staging.options(staging))) {
                doomed.awaitLog("Debug pause at while-writing", Duration.ofSeconds(60));
                doomed.kill();
            }
            try (WorkerProcess survivor = WorkerProcess.worker(tempDir, url, "default", 1, List.of(),
                    Staging.options(staging, "--max-attempts", "1"))) {
                Poll.until("job finished", Duration.ofSeconds(60), () -> jobs.find(job.id()).status().isFinished());
            }

            Job failed = jobs.find(job.id());
            assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
            assertThat(failed.error()).startsWith("worker died or lost the store once while running this job");
            assertThat(failed.attempts()).isEqualTo(2);
            assertThat(jobs.activeCustomer(job.id())).isNull();
            assertThat(Exports.filesIn(failed)).isEmpty();
            Exports.assertStagingEmpty(staging);
        }
    }
}
