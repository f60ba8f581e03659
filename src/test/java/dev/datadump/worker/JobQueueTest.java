package dev.datadump.worker;

import dev.datadump.model.Job;
import dev.datadump.model.JobStatus;
import dev.datadump.store.JobQueue;
import dev.datadump.store.JobRepository;
import dev.datadump.store.Store;
import dev.datadump.testing.TestStores;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Claims, leases and guarded results of {@link JobQueue} on SQLite, MariaDB and PostgreSQL. */
class JobQueueTest {

    private static final long LONG_LEASE = 60_000;

    @TempDir
    Path root;

    static List<TestStores.Kind> kinds() {
        return TestStores.kinds();
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void claimTakesOnlyJobsOfItsNode(TestStores.Kind kind) throws Exception {
        try (Store store = Store.open(TestStores.create(kind))) {
            Jobs jobs = new Jobs(store);
            List<Job> east = jobs.add(2, "east", root, 65534, 65534);
            jobs.add(2, "west", root, 65534, 65534);
            JobQueue queue = new JobQueue(store);

            List<Long> claimed = new ArrayList<>();
            Optional<JobQueue.Claim> claim;
            while ((claim = queue.claim("east", "w1", LONG_LEASE, 3)).isPresent()) {
                claimed.add(claim.get().job().id());
                assertThat(claim.get().job().node()).isEqualTo("east");
            }

            assertThat(claimed).containsExactly(east.get(0).id(), east.get(1).id());
            assertThat(queue.claim("north", "w1", LONG_LEASE, 3)).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void concurrentClaimsNeverShareJob(TestStores.Kind kind) throws Exception {
        try (Store store = Store.open(TestStores.create(kind))) {
            new Jobs(store).add(60, "default", root, 65534, 65534);
            JobQueue queue = new JobQueue(store);
            ConcurrentLinkedQueue<JobQueue.Claim> claims = new ConcurrentLinkedQueue<>();

            ExecutorService threads = Executors.newFixedThreadPool(6);
            List<Future<?>> claimers = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                String workerId = "worker-" + t;
                claimers.add(threads.submit(() -> {
                    Optional<JobQueue.Claim> claim;
                    while ((claim = queue.claim("default", workerId, LONG_LEASE, 3)).isPresent()) {
                        claims.add(claim.get());
                    }
                    return null;
                }));
            }
            for (Future<?> claimer : claimers) {
                claimer.get();
            }
            threads.shutdown();

            Set<Long> ids = new HashSet<>();
            for (JobQueue.Claim claim : claims) {
                assertThat(ids.add(claim.job().id())).as("job %d claimed twice", claim.job().id()).isTrue();
                assertThat(claim.job().attempts()).isEqualTo(1);
                assertThat(claim.job().worker()).isEqualTo(claim.lease().workerId());
            }
            assertThat(ids).hasSize(60);
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void expiredLeaseIsClaimedAgain(TestStores.Kind kind) throws Exception {
        try (Store store = Store.open(TestStores.create(kind))) {
            Job job = new Jobs(store).add(1, "default", root, 65534, 65534).get(0);
            JobQueue queue = new JobQueue(store);

            JobQueue.Claim first = queue.claim("default", "w1", 1, 3).orElseThrow();
            Thread.sleep(50);
            JobQueue.Claim second = queue.claim("default", "w2", LONG_LEASE, 3).orElseThrow();

            assertThat(second.job().id()).isEqualTo(job.id());
            assertThat(second.job().attempts()).isEqualTo(2);
            assertThat(second.exhausted()).isFalse();
            assertThat(queue.renew(first.lease(), LONG_LEASE)).isEqualTo(JobQueue.LeaseState.LOST);
            assertThat(queue.recordDone(first.lease(), "stale.tar.gz", 1, "0".repeat(64), null)).isFalse();
            assertThat(queue.renew(second.lease(), LONG_LEASE)).isEqualTo(JobQueue.LeaseState.HELD);
            assertThat(queue.recordDone(second.lease(), "fresh.tar.gz", 2, "1".repeat(64), "[\"w\"]")).isTrue();

            Job recorded = new JobRepository(store).findById(job.id()).orElseThrow();
            assertThat(recorded.status()).isEqualTo(JobStatus.DONE);
            assertThat(recorded.archive()).isEqualTo("fresh.tar.gz");
            assertThat(recorded.worker()).isEqualTo("w2");
            assertThat(recorded.finished()).isNotNull();
            assertThat(recorded.leaseUntil()).isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void attemptCheckSeesCancelAndTakeover(TestStores.Kind kind) throws Exception {
        try (Store store = Store.open(TestStores.create(kind))) {
            Jobs jobs = new Jobs(store);
            Job job = jobs.add(1, "default", root, 65534, 65534).get(0);
            JobQueue queue = new JobQueue(store);

            JobQueue.Claim first = queue.claim("default", "w1", 1, 3).orElseThrow();
            assertThat(queue.checkAttempt(first.lease())).isEqualTo(JobQueue.AttemptCheck.GO_ON);

            Thread.sleep(50);
            JobQueue.Claim second = queue.claim("default", "w2", LONG_LEASE, 3).orElseThrow();
            assertThat(queue.checkAttempt(first.lease())).isEqualTo(JobQueue.AttemptCheck.LEASE_LOST);
            assertThat(queue.checkAttempt(second.lease())).isEqualTo(JobQueue.AttemptCheck.GO_ON);

            jobs.requestCancel(job.id());
            assertThat(queue.checkAttempt(second.lease())).isEqualTo(JobQueue.AttemptCheck.CANCEL_REQUESTED);
            assertThat(queue.recordCancelled(second.lease(), "cancelled on request")).isTrue();
            assertThat(queue.checkAttempt(second.lease())).isEqualTo(JobQueue.AttemptCheck.LEASE_LOST);
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void claimBeyondMaxAttemptsIsExhausted(TestStores.Kind kind) throws Exception {
        try (Store store = Store.open(TestStores.create(kind))) {
            new Jobs(store).add(1, "default", root, 65534, 65534);
            JobQueue queue = new JobQueue(store);

            assertThat(queue.claim("default", "w1", 1, 2).orElseThrow().exhausted()).isFalse();
            Thread.sleep(50);
            assertThat(queue.claim("default", "w2", 1, 2).orElseThrow().exhausted()).isFalse();
            Thread.sleep(50);
            JobQueue.Claim third = queue.claim("default", "w3", LONG_LEASE, 2).orElseThrow();

            assertThat(third.exhausted()).isTrue();
            assertThat(third.job().attempts()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void releasePlansJobAgainUncounted(TestStores.Kind kind) throws Exception {
        try (Store store = Store.open(TestStores.create(kind))) {
            Job job = new Jobs(store).add(1, "default", root, 65534, 65534).get(0);
            JobQueue queue = new JobQueue(store);

            JobQueue.Claim claim = queue.claim("default", "w1", LONG_LEASE, 3).orElseThrow();
            assertThat(queue.claim("default", "w2", LONG_LEASE, 3)).isEmpty();
            assertThat(queue.release(claim.lease())).isTrue();

            Job released = new JobRepository(store).findById(job.id()).orElseThrow();
            assertThat(released.status()).isEqualTo(JobStatus.PLANNED);
            assertThat(released.attempts()).isZero();
            assertThat(released.leaseUntil()).isNull();
            assertThat(queue.release(claim.lease())).isFalse();
            JobQueue.Claim again = queue.claim("default", "w2", LONG_LEASE, 3).orElseThrow();
            assertThat(again.job().attempts()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void finishedJobFreesItsCustomer(TestStores.Kind kind) throws Exception {
        try (Store store = Store.open(TestStores.create(kind))) {
            Jobs jobs = new Jobs(store);
            Job job = jobs.add(1, "default", root, 65534, 65534).get(0);
            JobQueue queue = new JobQueue(store);

            JobQueue.Claim claim = queue.claim("default", "w1", LONG_LEASE, 3).orElseThrow();
            jobs.requestCancel(job.id());
            assertThat(queue.renew(claim.lease(), LONG_LEASE)).isEqualTo(JobQueue.LeaseState.CANCEL_REQUESTED);
            assertThat(queue.recordCancelled(claim.lease(), "cancelled on request")).isTrue();

            assertThat(jobs.find(job.id()).status()).isEqualTo(JobStatus.CANCELLED);
            assertThat(jobs.activeCustomer(job.id())).isNull();
            Job next = new JobRepository(store).add(new JobRepository.NewJob(job.customerId(), "default", "exports",
                    job.destdir(), null, false, false, true));
            assertThat(next.status()).isEqualTo(JobStatus.PLANNED);
        }
    }
}
