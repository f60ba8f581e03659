package dev.datadump.export.source;

import dev.datadump.export.Cancellation;
import dev.datadump.export.ExportCancelledException;
import dev.datadump.export.ExportFailedException;
import dev.datadump.export.archive.ArchiveWriter;
import dev.datadump.export.archive.EntryMetadata;
import dev.datadump.model.CustomerDatabase;
import dev.datadump.model.DatabaseServer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * The customer's databases: each is dumped into a private file in the job's staging folder
 * (tar needs an entry's size before its content), added as {@code mysql/<database>.sql} and
 * deleted. A database that cannot be dumped fails the export.
 */
public final class DatabaseSource implements ArchiveSource {

    private final DatabaseDump dump;
    private final List<CustomerDatabase> databases;
    private final Map<Integer, DatabaseServer> servers;
    private final Path stagingFolder;
    private final int uid;
    private final int gid;

    /** Creates the source; dumps are owned by {@code uid}/{@code gid} inside the archive. */
    public DatabaseSource(DatabaseDump dump, List<CustomerDatabase> databases, Map<Integer, DatabaseServer> servers,
                          Path stagingFolder, int uid, int gid) {
        this.dump = dump;
        this.databases = databases;
        this.servers = servers;
        this.stagingFolder = stagingFolder;
        this.uid = uid;
        this.gid = gid;
    }

    @Override
    public void writeTo(ArchiveWriter writer, Cancellation cancellation)
            throws IOException, ExportFailedException, ExportCancelledException {
        for (CustomerDatabase database : databases) {
            cancellation.check();
            if (database.name().isEmpty() || database.name().contains("/") || database.name().startsWith(".")) {
                throw new ExportFailedException("database name '" + database.name() + "' cannot be used as a file name "
                        + "in the archive; rename the database");
            }
            DatabaseServer server = servers.get(database.serverId());
            if (server == null) {
                throw new ExportFailedException("database " + database.name() + " is on database server "
                        + database.serverId() + ", which is not configured; add it with 'datadump dbserver'");
            }

            Path spool = Files.createTempFile(stagingFolder, "dump-", ".sql",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                dump.dump(server, database.name(), spool, cancellation);
                long size = Files.size(spool);
                try (InputStream content = Files.newInputStream(spool)) {
                    writer.addFile(("mysql/" + database.name() + ".sql").getBytes(StandardCharsets.UTF_8),
                            EntryMetadata.generatedFile(uid, gid, System.currentTimeMillis() / 1000), size, content);
                }
            } finally {
                Files.deleteIfExists(spool);
            }
        }
    }
}
