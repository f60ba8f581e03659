package dev.datadump.export.archive;

/** Owner, type-and-permission bits and modification time (seconds since the epoch) of an archive entry. */
public record EntryMetadata(int mode, int uid, int gid, long mtimeSeconds) {

    /** Metadata of a regular file that the export itself creates (a dump, the manifest). */
    public static EntryMetadata generatedFile(int uid, int gid, long mtimeSeconds) {
        return new EntryMetadata(0100600, uid, gid, mtimeSeconds);
    }
}
