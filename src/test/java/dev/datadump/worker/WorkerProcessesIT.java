package dev.datadump.worker;

import dev.datadump.model.Job;
import dev.datadump.model.JobStatus;
import dev.datadump.store.Store;
import dev.datadump.testing.TestStores;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Several {@code datadump worker} processes sharing one MariaDB or PostgreSQL store. */
class WorkerProcessesIT {

    @TempDir
    Path tempDir;

    @ParameterizedTest
    @EnumSource(value = TestStores.Kind.class, names = {"MARIADB", "POSTGRESQL"})
    void threeWorkersRunEachJobOnce(TestStores.Kind kind) throws Exception {
        String url = TestStores.create(kind);
        Path staging = tempDir.resolve("staging");
        String[] options = Staging.options(staging);
        try (Store store = Store.open(url)) {
            Jobs jobs = new Jobs(store);
            List<Job> added = jobs.add(200, "default", Exports.customerRoot(tempDir), 65534, 65534);

            Set<String> workerIds = new HashSet<>();
            try (WorkerProcess first = WorkerProcess.worker(tempDir, url, "default", 2, List.of(), options);
                 WorkerProcess second = WorkerProcess.worker(tempDir, url, "default", 2, List.of(), options);
                 WorkerProcess third = WorkerProcess.worker(tempDir, url, "default", 2, List.of(), options)) {
                workerIds.add(first.workerId());
                workerIds.add(second.workerId());
                workerIds.add(third.workerId());
                Poll.until("all 200 jobs finished", Duration.ofMinutes(4),
                        () -> jobs.all().stream().allMatch(job -> job.status().isFinished()));
            }

            Set<String> usedWorkers = new HashSet<>();
            for (Job job : added) {
                Job finished = jobs.find(job.id());
                assertThat(finished.status()).as("job %d: %s", job.id(), finished.error()).isEqualTo(JobStatus.DONE);
                assertThat(finished.attempts()).as("attempts of job %d", job.id()).isEqualTo(1);
                assertThat(workerIds).contains(finished.worker());
                assertThat(jobs.activeCustomer(job.id())).isNull();
                Exports.assertOneArchive(finished);
                usedWorkers.add(finished.worker());
            }
            assertThat(usedWorkers).as("workers that ran jobs").hasSizeGreaterThan(1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestStores.Kind.class, names = {"MARIADB", "POSTGRESQL"})
    void jobsRunOnlyOnTheirNode(TestStores.Kind kind) throws Exception {
        String url = TestStores.create(kind);
        Path staging = tempDir.resolve("staging");
        String[] options = Staging.options(staging);
        try (Store store = Store.open(url)) {
            Jobs jobs = new Jobs(store);
            Path root = Exports.customerRoot(tempDir);
            List<Job> east = jobs.add(15, "east", root, 65534, 65534);
            List<Job> west = jobs.add(15, "west", root, 65534, 65534);

            Set<String> eastWorkers = new HashSet<>();
            String westWorker;
            try (WorkerProcess eastOne = WorkerProcess.worker(tempDir, url, "east", 2, List.of(), options);
                 WorkerProcess eastTwo = WorkerProcess.worker(tempDir, url, "east", 2, List.of(), options);
                 WorkerProcess westOne = WorkerProcess.worker(tempDir, url, "west", 2, List.of(), options)) {
                eastWorkers.add(eastOne.workerId());
                eastWorkers.add(eastTwo.workerId());
                westWorker = westOne.workerId();
                Poll.until("all jobs finished", Duration.ofMinutes(2),
                        () -> jobs.all().stream().allMatch(job -> job.status().isFinished()));
            }

            for (Job job : east) {
                Job finished = jobs.find(job.id());
                assertThat(finished.status()).as("job %d: %s", job.id(), finished.error()).isEqualTo(JobStatus.DONE);
                assertThat(eastWorkers).as("worker of east job %d", job.id()).contains(finished.worker());
            }
            for (Job job : west) {
                Job finished = jobs.find(job.id());
                assertThat(finished.status()).as("job %d: %s", job.id(), finished.error()).isEqualTo(JobStatus.DONE);
                assertThat(finished.worker()).as("worker of west job %d", job.id()).isEqualTo(westWorker);
            }
        }
    }
}
