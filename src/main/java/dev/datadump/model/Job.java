package dev.datadump.model;

/**
 * An export job and, once it ran, its result. Times are epoch milliseconds; result fields
 * are null until the job has finished. {@code destdir} is absolute and ends with a slash.
 */
public record Job(long id, long customerId, String node, String path, String destdir, String pgpPublicKey,
                  boolean dumpDbs, boolean dumpMail, boolean dumpWeb, JobStatus status,
                  long created, Long started, Long finished, int attempts, String worker, Long leaseUntil,
                  boolean cancelRequested, String archive, Long size, String sha256, String warnings,
                  String error) {

    public boolean encrypted() {
        return pgpPublicKey != null && !pgpPublicKey.isBlank();
    }
}
