package dev.datadump.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * The job store: one connection pool on SQLite, MariaDB or PostgreSQL, with the schema
 * brought up to date by Flyway when it is opened. Thread-safe; close it once at shutdown.
 */
public final class Store implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Store.class);

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final String displayUrl;

    private Store(HikariDataSource dataSource, Dialect dialect, String displayUrl) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.displayUrl = displayUrl;
    }

    /**
     * Opens the store at a JDBC URL and migrates its schema. For SQLite the file's folder is
     * created when missing. Throws {@link StoreException} with the cause when the database
     * cannot be reached or migrated.
     */
    public static Store open(String jdbcUrl) {
        Dialect dialect = Dialect.forUrl(jdbcUrl);
        String displayUrl = hidePassword(jdbcUrl);

        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("datadump-store");
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(15_000);
        if (dialect.serialisesWriters()) {
            prepareSqliteFile(jdbcUrl);
            config.addDataSourceProperty("busy_timeout", "30000");
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("foreign_keys", "true");
            config.setMaximumPoolSize(4);
        } else {
            config.setMaximumPoolSize(10);
        }

        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration/" + dialect.migrationFolder())
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            dataSource.close();
            throw new StoreException("cannot open the store at " + displayUrl + ": " + rootMessage(e), e);
        }
        log.debug("Store open at {}", displayUrl);
        return new Store(dataSource, dialect, displayUrl);
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The store's URL with any password removed, for messages. */
    public String displayUrl() {
        return displayUrl;
    }

    /** Runs work on one pooled connection in auto-commit mode. */
    public <T> T withConnection(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new StoreException("store query failed on " + dialect.productName() + ": " + e.getMessage(), e);
        }
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("store transaction failed on " + dialect.productName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** Work on a JDBC connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    /**
     * Creates the SQLite file's folder when missing and makes the file readable by its owner
     * only. The file contains every customer's jobs and keys, and the data directory around it
     * must be enterable by customers for the export's reader. SQLite gives its -wal and -shm
     * files the same mode.
     */
    private static void prepareSqliteFile(String jdbcUrl) {
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.isEmpty() || file.equals(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path database = Path.of(file).toAbsolutePath();
        try {
            Files.createDirectories(database.getParent());
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            if (!Files.exists(database)) {
                Files.createFile(database, PosixFilePermissions.asFileAttribute(ownerOnly));
            }
            for (String suffix : new String[]{"", "-wal", "-shm"}) {
                Path path = Path.of(database + suffix);
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(path, ownerOnly);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot prepare the store file " + database + ": " + e.getMessage(), e);
        }
    }

    static String hidePassword(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^@/]*:[^@/]*@", "//***@");
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
