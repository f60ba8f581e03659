package dev.datadump.export.source;

import dev.datadump.export.Cancellation;
import dev.datadump.export.ExportCancelledException;
import dev.datadump.export.ExportFailedException;
import dev.datadump.export.archive.ArchiveWriter;

import java.io.IOException;

/** One kind of customer data (web files, maildirs, databases) that an export adds to the archive. */
public interface ArchiveSource {

    /** Adds this source's entries to {@code writer}, checking {@code cancellation} for every entry. */
    void writeTo(ArchiveWriter writer, Cancellation cancellation)
            throws IOException, ExportFailedException, ExportCancelledException;
}
