package dev.datadump.export;

/** Tells a running export whether to stop: the job was cancelled or its worker lost the lease. */
@FunctionalInterface
public interface Cancellation {

    /** Returns the reason to stop, or null to go on. Cheap enough to call for every file. */
    String stopReason();

    /** Throws {@link ExportCancelledException} when the export must stop. */
    default void check() throws ExportCancelledException {
        String reason = stopReason();
        if (reason != null) {
            throw new ExportCancelledException(reason);
        }
    }

    Cancellation NEVER = () -> null;
}
