package dev.datadump.store;

import dev.datadump.model.Admin;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Admins in the store. */
public final class AdminRepository {

    private final Store store;

    public AdminRepository(Store store) {
        this.store = store;
    }

    /** Adds an admin; throws {@link DuplicateException} when the name is taken. */
    public Admin add(String name, boolean customersSeeAll, boolean apiAllowed) {
        if (findByName(name).isPresent()) {
            throw new DuplicateException("admin '" + name + "' already exists");
        }
        long id = store.withConnection(connection -> Jdbc.insert(connection,
                "INSERT INTO admins (name, customers_see_all, api_allowed, created) VALUES (?, ?, ?, ?)",
                name, customersSeeAll, apiAllowed, System.currentTimeMillis()));
        return new Admin(id, name, customersSeeAll, apiAllowed);
    }

    public Optional<Admin> findByName(String name) {
        return store.withConnection(connection -> Jdbc.queryOne(connection,
                "SELECT * FROM admins WHERE name = ?", AdminRepository::map, name));
    }

    public Optional<Admin> findById(long id) {
        return store.withConnection(connection -> Jdbc.queryOne(connection,
                "SELECT * FROM admins WHERE id = ?", AdminRepository::map, id));
    }

    public List<Admin> list() {
        return store.withConnection(connection -> Jdbc.query(connection,
                "SELECT * FROM admins ORDER BY id", AdminRepository::map));
    }

    /** Sets whether the admin may use the API; returns false when no such admin exists. */
    public boolean setApiAllowed(String name, boolean allowed) {
        return store.withConnection(connection -> Jdbc.update(connection,
                "UPDATE admins SET api_allowed = ? WHERE name = ?", allowed, name)) == 1;
    }

    /** Sets whether the admin acts for every customer; returns false when no such admin exists. */
    public boolean setCustomersSeeAll(String name, boolean seeAll) {
        return store.withConnection(connection -> Jdbc.update(connection,
                "UPDATE admins SET customers_see_all = ? WHERE name = ?", seeAll, name)) == 1;
    }

    static Admin map(ResultSet row) throws SQLException {
        return new Admin(row.getLong("id"), row.getString("name"), row.getInt("customers_see_all") != 0,
                row.getInt("api_allowed") != 0);
    }
}
