package dev.datadump.testing;

import dev.datadump.model.DatabaseServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Databases on the shared test MariaDB server, reached through a copy of the option file in
 * {@code DATADUMP_TEST_MARIADB_DEFAULTS_FILE}. Creates uniquely named databases and drops only those.
 */
public final class TestDatabases implements AutoCloseable {

    private final Path optionFile;
    private final List<String> created = new ArrayList<>();

    /** Copies the server's option file into {@code folder}, readable by its owner only. */
    public TestDatabases(Path folder) throws IOException {
        Path source = Path.of(Commands.requireEnvironment("DATADUMP_TEST_MARIADB_DEFAULTS_FILE"));
        optionFile = folder.resolve("server-1.cnf");
        Files.copy(source, optionFile);
        Files.setPosixFilePermissions(optionFile, PosixFilePermissions.fromString("rw-------"));
    }

    /** Returns the option file with the server's address and credentials. */
    public Path optionFile() {
        return optionFile;
    }

    public DatabaseServer server(int id) {
        return new DatabaseServer(id, optionFile.toString());
    }

    /** Creates an empty database with a unique name that starts with {@code prefix}. */
    public String create(String prefix) throws IOException {
        String name = prefix + "_" + Long.toHexString(System.nanoTime());
        sql(null, "CREATE DATABASE `" + name + "`");
        created.add(name);
        return name;
    }

    /** Runs the SQL file {@code script} in {@code database} with the mariadb client. */
    public void load(String database, Path script) throws IOException {
        Commands.Result result = Commands.run(List.of("mariadb", "--defaults-extra-file=" + optionFile, database),
                script, Map.of());
        if (result.exitCode() != 0) {
            throw new AssertionError("loading " + script + " into " + database + " failed: " + result.stderr());
        }
    }

    /** Runs {@code statement} and returns the tab-separated output without column names. */
    public String sql(String database, String statement) throws IOException {
        List<String> command = new ArrayList<>(List.of("mariadb", "--defaults-extra-file=" + optionFile,
                "--batch", "--skip-column-names", "-e", statement));
        if (database != null) {
            command.add(database);
        }
        Commands.Result result = Commands.run(command, null, Map.of());
        if (result.exitCode() != 0) {
            throw new AssertionError("SQL '" + statement + "' failed: " + result.stderr());
        }
        return result.stdout();
    }

    /** Drops the databases this object created. */
    @Override
    public void close() throws IOException {
        for (String name : created) {
            sql(null, "DROP DATABASE IF EXISTS `" + name + "`");
        }
    }
}
