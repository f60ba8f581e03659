package dev.datadump.export;

/** Tells a running export whether to stop: the job was cancelled or its worker lost the lease. */
@FunctionalInterface
public interface Cancellation {

    /**
     * Returns the reason to stop, or null to go on. Cheap enough to call for every file, because
     * it may report a cancel request up to about a second late.
     */
    String stopReason();

    /**
     * Returns the reason to stop like {@link #stopReason()}, but reads the job store first, so the
     * result reflects every cancel request made before the call. Meant for the last check before
     * a step that cannot be undone, such as handing the archive over.
     */
    default String currentStopReason() {
        return stopReason();
    }

    /** Throws {@link ExportCancelledException} when the export must stop. */
    default void check() throws ExportCancelledException {
        String reason = stopReason();
        if (reason != null) {
            throw new ExportCancelledException(reason);
        }
    }

    /** Throws {@link ExportCancelledException} when {@link #currentStopReason()} gives a reason. */
    default void checkCurrent() throws ExportCancelledException {
        String reason = currentStopReason();
        if (reason != null) {
            throw new ExportCancelledException(reason);
        }
    }

    Cancellation NEVER = () -> null;
}
