package dev.datadump.api;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per name (an API key or a caller address): each name may make up to
 * {@code perMinute} requests at once and earns them back evenly over a minute. Thread-safe.
 * Idle buckets are dropped so memory stays bounded by the number of recently active names.
 *
 * <p>Known limitation: the buckets live in one server process, so several {@code datadump serve}
 * processes on one store each allow the full rate, and a restart refills every bucket.
 */
final class RateLimiter {

    private static final long MINUTE_NANOS = 60_000_000_000L;
    private static final int CLEANUP_THRESHOLD = 10_000;

    private final long perMinute;
    private final String what;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param perMinute requests per minute and burst size; 0 turns the limit off
     * @param what      what the names are, for the message ("API key", "address")
     */
    RateLimiter(long perMinute, String what) {
        this.perMinute = perMinute;
        this.what = what;
    }

    /**
     * Takes one request from the name's bucket.
     *
     * @throws RateLimitedException when the bucket is empty
     */
    void acquire(String name, long nowNanos) {
        if (perMinute <= 0) {
            return;
        }
        if (buckets.size() > CLEANUP_THRESHOLD) {
            dropFullBuckets(nowNanos);
        }
        Bucket bucket = buckets.computeIfAbsent(name, ignored -> new Bucket(nowNanos));
        long waitNanos = bucket.take(perMinute, nowNanos);
        if (waitNanos > 0) {
            long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
            throw new RateLimitedException("too many requests for this " + what + ": at most " + perMinute
                    + " per minute; retry in " + seconds + " s", seconds);
        }
    }

    private void dropFullBuckets(long nowNanos) {
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            if (it.next().isFull(nowNanos)) {
                it.remove();
            }
        }
    }

    /**
     * A bucket kept as one timestamp (the generic cell rate algorithm): {@code spentUntilNanos}
     * moves forward by one minute / perMinute per request, and the bucket is full when it lies a
     * minute or more in the past.
     */
    private static final class Bucket {
        private long spentUntilNanos;

        Bucket(long nowNanos) {
            this.spentUntilNanos = nowNanos - MINUTE_NANOS;
        }

        /** Takes a token; returns 0 on success, else the nanoseconds until one is available. */
        synchronized long take(long perMinute, long nowNanos) {
            long cost = MINUTE_NANOS / perMinute;
            long start = Math.max(spentUntilNanos, nowNanos - MINUTE_NANOS);
            long next = start + cost;
            if (next > nowNanos) {
                return next - nowNanos;
            }
            spentUntilNanos = next;
            return 0;
        }

        synchronized boolean isFull(long nowNanos) {
            return spentUntilNanos <= nowNanos - MINUTE_NANOS;
        }
    }
}
