package dev.datadump.worker;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition in tests, failing with a description when it does not come true in time. */
final class Poll {

    private Poll() {
    }

    static void until(String description, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + description);
            }
            Thread.sleep(50);
        }
    }
}
