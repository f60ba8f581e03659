package dev.datadump.worker;

/** The reason a running job must stop. */
enum StopCause {
    /** Someone asked to cancel the job: it ends cancelled. */
    CANCEL_REQUESTED,
    /** The worker no longer holds the job's lease: another worker may run it, so nothing is recorded. */
    LEASE_LOST,
    /** The worker is shutting down: the job goes back to planned for another worker. */
    SHUTDOWN
}
