package dev.datadump.worker;

import dev.datadump.model.Job;
import dev.datadump.store.JobQueue;
import dev.datadump.store.Store;
import dev.datadump.testing.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/** A cancel request reaches the export between lease renewals, with renewals a minute apart. */
class HeartbeatTest {

    private static final Duration RARE_RENEWALS = Duration.ofSeconds(60);

    @TempDir
    Path root;

    private Store store;
    private ScheduledExecutorService scheduler;

    @BeforeEach
    void openStore() {
        store = Store.open(TestStores.create(TestStores.Kind.SQLITE));
        scheduler = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void closeStore() {
        scheduler.shutdownNow();
        store.close();
    }

    @Test
    void cancelSeenWithinAboutOneSecond() throws Exception {
        Jobs jobs = new Jobs(store);
        Job job = jobs.add(1, "default", root, 65534, 65534).get(0);
        Heartbeat heartbeat = start();
        assertThat(heartbeat.stopReason()).isNull();

        jobs.requestCancel(job.id());
        long requestedAt = System.nanoTime();
        Poll.until("cancel seen", Duration.ofSeconds(5), () -> heartbeat.stopReason() != null);

        assertThat(Duration.ofNanos(System.nanoTime() - requestedAt)).isLessThan(Duration.ofMillis(1500));
        assertThat(heartbeat.stopReason()).isEqualTo("cancelled on request");
        assertThat(heartbeat.stopCause()).isEqualTo(StopCause.CANCEL_REQUESTED);
        heartbeat.cancel();
    }

    @Test
    void currentStopReasonSeesCancelAtOnce() throws Exception {
        Jobs jobs = new Jobs(store);
        Job job = jobs.add(1, "default", root, 65534, 65534).get(0);
        Heartbeat heartbeat = start();
        assertThat(heartbeat.stopReason()).isNull();

        jobs.requestCancel(job.id());

        assertThat(heartbeat.currentStopReason()).isEqualTo("cancelled on request");
        heartbeat.cancel();
    }

    private Heartbeat start() {
        JobQueue queue = new JobQueue(store);
        long claimedAt = System.nanoTime();
        JobQueue.Claim claim = queue.claim("default", "w1", RARE_RENEWALS.multipliedBy(2).toMillis(), 3)
                .orElseThrow();
        return Heartbeat.start(queue, claim.lease(), RARE_RENEWALS.multipliedBy(2), claimedAt, scheduler,
                RARE_RENEWALS);
    }
}
