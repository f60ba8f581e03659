package dev.datadump.worker;

import dev.datadump.export.Cancellation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test hook: with the system property {@code datadump.debug.pause} set to the name of a
 * point, a worker waits there until its job must stop (cancel, lease loss, shutdown) or
 * the process is killed. Tests use it to kill a worker at a known step of a job. The points:
 * {@code before-export} (job claimed, nothing written yet), {@code while-writing} (the first
 * progress report of the export, with the archive half written), {@code before-hand-over}
 * (archive complete in staging, not yet in the destination) and {@code before-record} (archive
 * placed, result not yet recorded). Without the property it does nothing.
 */
final class DebugPause {

    static final String PROPERTY = "datadump.debug.pause";

    private static final Logger log = LoggerFactory.getLogger(DebugPause.class);

    private DebugPause() {
    }

    /** Pauses when the property names {@code point}; returns once the job must stop. */
    static void at(String point, long jobId, Cancellation cancellation) {
        if (!point.equals(System.getProperty(PROPERTY))) {
            return;
        }
        log.warn("Debug pause at {} for job {} ({} is set); waiting until the job is stopped", point, jobId,
                PROPERTY);
        while (cancellation.stopReason() == null) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
