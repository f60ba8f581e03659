package dev.datadump.cli;

import dev.datadump.export.source.OptionFileCheck;
import dev.datadump.model.DatabaseServer;
import dev.datadump.store.DatabaseServerRepository;
import dev.datadump.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** {@code datadump dbserver ...}: database servers and the option files with their credentials. */
@Command(name = "dbserver", description = "Manage database servers.", mixinStandardHelpOptions = true,
        subcommands = {DbServerCommand.Add.class, DbServerCommand.ListServers.class, CommandLine.HelpCommand.class})
final class DbServerCommand {

    @Command(name = "add", description = "Add a database server, or change the option file of an existing one.",
            mixinStandardHelpOptions = true)
    static final class Add extends StoreCommand {
        @Parameters(paramLabel = "ID", description = "Number of the database server.")
        int id;

        @Option(names = "--defaults-file", required = true, paramLabel = "FILE",
                description = "Absolute path of a MySQL option file ([client] host, port or socket, user, password), "
                        + "as read by 'mariadb-dump --defaults-extra-file'. It stays outside the store; "
                        + "keep it readable by root only.")
        String defaultsFile;

        @Override
        void run(Store store) {
            if (id < 0) {
                throw new UsageException("invalid database server id " + id + ": give a non-negative number");
            }
            String file = Names.requireAbsolutePath("option file", defaultsFile);
            String problem;
            try {
                problem = OptionFileCheck.problem(Path.of(file));
            } catch (IOException e) {
                throw new CommandFailedException("cannot check option file " + file + ": " + e.getMessage());
            }
            if (problem != null) {
                throw new CommandFailedException(problem);
            }
            DatabaseServer server = new DatabaseServerRepository(store).put(id, file);
            if (json) {
                Output.printJson(out(), server);
            } else {
                out().printf("Database server %d uses option file %s%n", server.id(), server.defaultsFile());
            }
        }
    }

    @Command(name = "list", description = "List database servers.", mixinStandardHelpOptions = true)
    static final class ListServers extends StoreCommand {
        @Override
        void run(Store store) {
            List<DatabaseServer> servers = new DatabaseServerRepository(store).list();
            if (json) {
                Output.printJson(out(), servers);
                return;
            }
            for (DatabaseServer server : servers) {
                out().printf("%-6d %s%n", server.id(), server.defaultsFile());
            }
        }
    }
}
