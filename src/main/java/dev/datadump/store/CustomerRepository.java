package dev.datadump.store;

import dev.datadump.model.Customer;
import dev.datadump.model.CustomerDatabase;
import dev.datadump.model.MailAccount;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Customers with their databases and mail accounts. */
public final class CustomerRepository {

    private final Store store;

    public CustomerRepository(Store store) {
        this.store = store;
    }

    /** Adds a customer; throws {@link DuplicateException} when the login name is taken. */
    public Customer add(String loginName, String documentRoot, int uid, int gid, long adminId, String node) {
        if (findByLoginName(loginName).isPresent()) {
            throw new DuplicateException("customer '" + loginName + "' already exists");
        }
        long id = store.withConnection(connection -> Jdbc.insert(connection,
                "INSERT INTO customers (loginname, documentroot, uid, gid, admin_id, deactivated, api_allowed, node, created)"
                        + " VALUES (?, ?, ?, ?, ?, 0, 1, ?, ?)",
                loginName, documentRoot, uid, gid, adminId, node, System.currentTimeMillis()));
        return new Customer(id, loginName, documentRoot, uid, gid, adminId, false, true, node);
    }

    public Optional<Customer> findById(long id) {
        return store.withConnection(connection -> Jdbc.queryOne(connection,
                "SELECT * FROM customers WHERE id = ?", CustomerRepository::map, id));
    }

    public Optional<Customer> findByLoginName(String loginName) {
        return store.withConnection(connection -> Jdbc.queryOne(connection,
                "SELECT * FROM customers WHERE loginname = ?", CustomerRepository::map, loginName));
    }

    /** Returns the customer or throws {@link NotFoundException} naming the login. */
    public Customer require(String loginName) {
        return findByLoginName(loginName)
                .orElseThrow(() -> new NotFoundException("customer '" + loginName + "' not found"));
    }

    public List<Customer> list() {
        return store.withConnection(connection -> Jdbc.query(connection,
                "SELECT * FROM customers ORDER BY id", CustomerRepository::map));
    }

    /** Sets the node whose workers run this customer's jobs; returns false for an unknown login. */
    public boolean setNode(String loginName, String node) {
        return store.withConnection(connection -> Jdbc.update(connection,
                "UPDATE customers SET node = ? WHERE loginname = ?", node, loginName)) == 1;
    }

    public boolean setDeactivated(String loginName, boolean deactivated) {
        return store.withConnection(connection -> Jdbc.update(connection,
                "UPDATE customers SET deactivated = ? WHERE loginname = ?", deactivated, loginName)) == 1;
    }

    public boolean setApiAllowed(String loginName, boolean allowed) {
        return store.withConnection(connection -> Jdbc.update(connection,
                "UPDATE customers SET api_allowed = ? WHERE loginname = ?", allowed, loginName)) == 1;
    }

    /** Adds a database to a customer; throws {@link DuplicateException} if the server already has it. */
    public CustomerDatabase addDatabase(long customerId, String name, int serverId) {
        boolean taken = store.withConnection(connection -> Jdbc.queryOne(connection,
                "SELECT id FROM customer_databases WHERE server_id = ? AND name = ?", row -> row.getLong(1),
                serverId, name)).isPresent();
        if (taken) {
            throw new DuplicateException("database '" + name + "' on server " + serverId + " is already registered");
        }
        long id = store.withConnection(connection -> Jdbc.insert(connection,
                "INSERT INTO customer_databases (customer_id, name, server_id) VALUES (?, ?, ?)",
                customerId, name, serverId));
        return new CustomerDatabase(id, customerId, name, serverId);
    }

    public List<CustomerDatabase> databases(long customerId) {
        return store.withConnection(connection -> Jdbc.query(connection,
                "SELECT * FROM customer_databases WHERE customer_id = ? ORDER BY name",
                row -> new CustomerDatabase(row.getLong("id"), row.getLong("customer_id"), row.getString("name"),
                        row.getInt("server_id")),
                customerId));
    }

    public MailAccount addMailAccount(long customerId, String homeDir, String maildir) {
        long id = store.withConnection(connection -> Jdbc.insert(connection,
                "INSERT INTO mail_accounts (customer_id, homedir, maildir) VALUES (?, ?, ?)",
                customerId, homeDir, maildir));
        return new MailAccount(id, customerId, homeDir, maildir);
    }

    public List<MailAccount> mailAccounts(long customerId) {
        return store.withConnection(connection -> Jdbc.query(connection,
                "SELECT * FROM mail_accounts WHERE customer_id = ? ORDER BY id",
                row -> new MailAccount(row.getLong("id"), row.getLong("customer_id"), row.getString("homedir"),
                        row.getString("maildir")),
                customerId));
    }

    static Customer map(ResultSet row) throws SQLException {
        return new Customer(row.getLong("id"), row.getString("loginname"), row.getString("documentroot"),
                row.getInt("uid"), row.getInt("gid"), row.getLong("admin_id"), row.getInt("deactivated") != 0,
                row.getInt("api_allowed") != 0, row.getString("node"));
    }
}
