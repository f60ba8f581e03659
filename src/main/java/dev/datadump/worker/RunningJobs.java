package dev.datadump.worker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The heartbeats of the jobs a worker is running, so a shutdown can stop them all. Thread-safe. */
final class RunningJobs {

    private final Map<Long, Heartbeat> heartbeats = new ConcurrentHashMap<>();

    void add(long jobId, Heartbeat heartbeat) {
        heartbeats.put(jobId, heartbeat);
    }

    void remove(long jobId) {
        heartbeats.remove(jobId);
    }

    int size() {
        return heartbeats.size();
    }

    /** Tells every running job to stop for the cause. */
    void stopAll(StopCause cause, String reason) {
        for (Heartbeat heartbeat : List.copyOf(heartbeats.values())) {
            heartbeat.stop(cause, reason);
        }
    }
}
