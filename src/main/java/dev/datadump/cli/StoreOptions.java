package dev.datadump.cli;

import dev.datadump.store.Store;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --store} option shared by every command, with the default location of the SQLite store. */
public final class StoreOptions {

    @Option(names = "--store", paramLabel = "URL",
            description = "JDBC URL of the job store: jdbc:sqlite:FILE, jdbc:mariadb://HOST/DB?user=U&password=P "
                    + "or jdbc:postgresql://HOST/DB?user=U&password=P. "
                    + "Default: $DATADUMP_STORE, else SQLite in the data directory.")
    String url;

    /** Returns the store URL: the option, else {@code DATADUMP_STORE}, else SQLite in the data directory. */
    public String resolveUrl() {
        if (url != null && !url.isBlank()) {
            return url.trim();
        }
        String fromEnvironment = System.getenv("DATADUMP_STORE");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.trim();
        }
        return "jdbc:sqlite:" + dataDirectory().resolve("datadump.db");
    }

    public Store open() {
        return Store.open(resolveUrl());
    }

    /**
     * Returns the data directory: {@code DATADUMP_DATA_DIR}, else {@code /var/lib/datadump}
     * for root, else {@code ~/.local/share/datadump}.
     */
    public static Path dataDirectory() {
        String fromEnvironment = System.getenv("DATADUMP_DATA_DIR");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment).toAbsolutePath();
        }
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/var/lib/datadump");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "datadump");
    }
}
