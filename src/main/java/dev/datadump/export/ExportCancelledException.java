package dev.datadump.export;

/** An export stopped because its job was cancelled or its worker lost the job's lease. */
public class ExportCancelledException extends Exception {

    public ExportCancelledException(String reason) {
        super(reason);
    }
}
