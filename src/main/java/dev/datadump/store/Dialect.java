package dev.datadump.store;

/**
 * SQL that differs between the supported databases. The repositories hold all other SQL;
 * each subclass overrides only what its database spells differently.
 */
public abstract class Dialect {

    /** Name of the Flyway migration folder under {@code db/migration}. */
    public abstract String migrationFolder();

    /** Short product name for messages and logs. */
    public abstract String productName();

    /**
     * Returns the clause appended to a {@code SELECT} that claims rows for one worker, so that
     * concurrent claimers skip rows another transaction has locked. Empty where the database
     * serialises writers anyway.
     */
    public String skipLockedClause() {
        return " FOR UPDATE SKIP LOCKED";
    }

    /** Returns an SQL expression for the database server's current time in epoch milliseconds. */
    public abstract String nowMillisExpression();

    /** Returns the case-insensitive "contains" operator for a search on a text column. */
    public String likeOperator() {
        return "LIKE";
    }

    /** Returns true when a claim must start with an exclusive lock on the database instead of row locks. */
    public boolean serialisesWriters() {
        return false;
    }

    /** Returns the dialect for a JDBC URL, or throws {@link StoreException} naming the URL's scheme. */
    public static Dialect forUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return new SqliteDialect();
        }
        if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) {
            return new MariaDbDialect();
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return new PostgresDialect();
        }
        throw new StoreException("unsupported store URL '" + jdbcUrl.replaceAll("//[^@/]*@", "//***@")
                + "': use jdbc:sqlite:FILE, jdbc:mariadb://HOST/DB or jdbc:postgresql://HOST/DB");
    }

    /** SQLite: one writer at a time, so a plain UPDATE claims atomically. */
    static final class SqliteDialect extends Dialect {
        @Override public String migrationFolder() { return "sqlite"; }
        @Override public String productName() { return "SQLite"; }
        @Override public String skipLockedClause() { return ""; }
        @Override public boolean serialisesWriters() { return true; }
        @Override public String nowMillisExpression() {
            return "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";
        }
    }

    /** MariaDB 10.6+ and MySQL 8+. */
    static final class MariaDbDialect extends Dialect {
        @Override public String migrationFolder() { return "mysql"; }
        @Override public String productName() { return "MariaDB"; }
        @Override public String nowMillisExpression() { return "CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)"; }
    }

    /** PostgreSQL 12+. */
    static final class PostgresDialect extends Dialect {
        @Override public String migrationFolder() { return "postgresql"; }
        @Override public String productName() { return "PostgreSQL"; }
        @Override public String likeOperator() { return "ILIKE"; }
        @Override public String nowMillisExpression() {
            return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";
        }
    }
}
