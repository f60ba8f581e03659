package dev.datadump.export.source;

import dev.datadump.export.Cancellation;
import dev.datadump.export.ExportCancelledException;
import dev.datadump.export.ExportFailedException;
import dev.datadump.export.archive.ArchiveWriter;
import dev.datadump.export.reader.ReaderIdentity;
import dev.datadump.export.reader.ReaderRoot;
import dev.datadump.export.reader.ReaderRun;

import java.io.IOException;
import java.util.List;

/**
 * The customer's web files: everything under the document root except the job's destination,
 * read with the customer's uid and gid, stored under {@code web/}.
 */
public final class WebSource implements ArchiveSource {

    private final ReaderRun readerRun;
    private final ReaderIdentity customer;
    private final String documentRoot;
    private final String destination;
    private final String earlierArchivePattern;

    /** Creates the source; both paths are absolute and normalised, without a trailing slash. */
    public WebSource(ReaderRun readerRun, ReaderIdentity customer, String documentRoot, String destination,
                     String earlierArchivePattern) {
        this.readerRun = readerRun;
        this.customer = customer;
        this.documentRoot = documentRoot;
        this.destination = destination;
        this.earlierArchivePattern = earlierArchivePattern;
    }

    @Override
    public void writeTo(ArchiveWriter writer, Cancellation cancellation)
            throws IOException, ExportFailedException, ExportCancelledException {
        PrefixingSink sink = new PrefixingSink(writer, customer, List.of("web"));
        readerRun.run(customer, List.of(ReaderRoot.tree(documentRoot)), List.of(destination), earlierArchivePattern,
                sink, cancellation);
    }
}
