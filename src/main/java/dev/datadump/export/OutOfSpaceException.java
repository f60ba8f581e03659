package dev.datadump.export;

/** An export that failed because a file system filled up; nothing of it was left behind. */
public class OutOfSpaceException extends ExportFailedException {

    /** Creates the failure for the file system {@code fileSystem} while {@code activity} ran. */
    public OutOfSpaceException(String fileSystem, String activity, Throwable cause) {
        super("no space left on " + fileSystem + " while " + activity + "; free space there or move the "
                + "staging directory to a larger file system, then add the job again", cause);
    }
}
