package dev.datadump.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Fresh, empty job stores for tests on all three databases. MariaDB and PostgreSQL come from
 * the private servers that bin/test starts; a missing server fails the test, never skips it.
 */
public final class TestStores {

    public static final String MARIADB_URL = "DATADUMP_TEST_MARIADB_URL";
    public static final String POSTGRES_URL = "DATADUMP_TEST_POSTGRES_URL";

    private TestStores() {
    }

    /** The three kinds of store, for parameterised tests. */
    public enum Kind {
        SQLITE, MARIADB, POSTGRESQL
    }

    public static List<Kind> kinds() {
        return List.of(Kind.values());
    }

    /** Creates a new empty store of the kind and returns its JDBC URL. */
    public static String create(Kind kind) {
        String name = "dd_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try {
            return switch (kind) {
                case SQLITE -> "jdbc:sqlite:" + Files.createTempDirectory("datadump-store").resolve("datadump.db");
                case MARIADB -> createDatabase(require(MARIADB_URL), name, "/?", "/" + name + "?");
                case POSTGRESQL -> createDatabase(require(POSTGRES_URL), name, "/postgres?", "/" + name + "?");
            };
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a " + kind.name().toLowerCase(Locale.ROOT)
                    + " test store: " + e.getMessage(), e);
        }
    }

    /** Returns the environment variable or fails with a message that explains how to run the tests. */
    public static String require(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set: run the tests with bin/test, "
                    + "which starts the database servers they need");
        }
        return value;
    }

    private static String createDatabase(String serverUrl, String name, String marker, String replacement)
            throws SQLException {
        try (Connection connection = DriverManager.getConnection(serverUrl);
             Statement statement = connection.createStatement()) {
            // The name is generated above from a UUID, never from input.
            statement.execute("CREATE DATABASE " + name);
        }
        if (!serverUrl.contains(marker)) {
            throw new IllegalStateException("unexpected server URL form, expected '" + marker + "' in it");
        }
        return serverUrl.replace(marker, replacement);
    }
}
