package dev.datadump.worker;

import java.time.Duration;

/** Doubling delays between retries, from one second up to a maximum. Not thread-safe. */
final class Backoff {

    private static final Duration FIRST = Duration.ofSeconds(1);

    private final Duration maximum;
    private Duration next = FIRST;

    Backoff(Duration maximum) {
        this.maximum = maximum;
    }

    /** Returns the delay before the next retry and doubles the one after it. */
    Duration next() {
        Duration delay = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(maximum) > 0 ? maximum : doubled;
        return delay;
    }

    /** Starts again from the shortest delay, after a success. */
    void reset() {
        next = FIRST;
    }
}
