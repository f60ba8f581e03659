package dev.datadump.store;

import dev.datadump.model.DatabaseServer;

import java.util.List;
import java.util.Optional;

/** Database servers: id -> path of the option file with the server's credentials. */
public final class DatabaseServerRepository {

    private final Store store;

    public DatabaseServerRepository(Store store) {
        this.store = store;
    }

    /** Adds a server, or replaces the option file path of an existing id. */
    public DatabaseServer put(int id, String defaultsFile) {
        store.inTransaction(connection -> {
            int changed = Jdbc.update(connection, "UPDATE database_servers SET defaults_file = ? WHERE id = ?",
                    defaultsFile, id);
            if (changed == 0) {
                Jdbc.update(connection, "INSERT INTO database_servers (id, defaults_file) VALUES (?, ?)",
                        id, defaultsFile);
            }
            return null;
        });
        return new DatabaseServer(id, defaultsFile);
    }

    public Optional<DatabaseServer> findById(int id) {
        return store.withConnection(connection -> Jdbc.queryOne(connection,
                "SELECT * FROM database_servers WHERE id = ?",
                row -> new DatabaseServer(row.getInt("id"), row.getString("defaults_file")), id));
    }

    public List<DatabaseServer> list() {
        return store.withConnection(connection -> Jdbc.query(connection,
                "SELECT * FROM database_servers ORDER BY id",
                row -> new DatabaseServer(row.getInt("id"), row.getString("defaults_file"))));
    }
}
