package dev.datadump.export.reader;

/** The uid and gid a reader process runs with; never root. */
public record ReaderIdentity(int uid, int gid) {

    public ReaderIdentity {
        if (uid == 0 || gid == 0) {
            throw new IllegalArgumentException("a reader never runs as uid 0 or gid 0 (got uid " + uid + ", gid " + gid + ")");
        }
    }
}
