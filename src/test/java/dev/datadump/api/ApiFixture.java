package dev.datadump.api;

import dev.datadump.api.ApiClient.Credentials;
import dev.datadump.model.Admin;
import dev.datadump.model.Customer;
import dev.datadump.store.AdminRepository;
import dev.datadump.store.ApiKeyRepository;
import dev.datadump.store.CustomerRepository;
import dev.datadump.store.Jdbc;
import dev.datadump.store.SettingRepository;
import dev.datadump.store.Store;
import dev.datadump.testing.TestStores;
import dev.datadump.testing.TestStores.Kind;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh store of one kind with a running {@code datadump serve} on it (rate limits off). The
 * API tests of that kind share it for the whole test run, and the server is stopped when the JVM
 * exits. Tests add their own admins and customers with unique names, so they do not see each
 * other's jobs.
 */
final class ApiFixture {

    private static final Map<Kind, ApiFixture> fixtures = new EnumMap<>(Kind.class);
    private static final AtomicInteger counter = new AtomicInteger();

    final Kind kind;
    final String storeUrl;
    final Store store;
    final ServerProcess server;
    final ApiClient client;

    private ApiFixture(Kind kind, String storeUrl, Store store, ServerProcess server) {
        this.kind = kind;
        this.storeUrl = storeUrl;
        this.store = store;
        this.server = server;
        this.client = new ApiClient(server.url());
    }

    /** Returns the fixture of the kind, creating the store and starting the server on first use. */
    static synchronized ApiFixture of(Kind kind) throws IOException {
        ApiFixture fixture = fixtures.get(kind);
        if (fixture == null) {
            String url = TestStores.create(kind);
            Store store = Store.open(url);
            ServerProcess server = ServerProcess.start(url, "127.0.0.1", "--rate-limit-key", "0",
                    "--rate-limit-address", "0");
            fixture = new ApiFixture(kind, url, store, server);
            fixtures.put(kind, fixture);
        }
        return fixture;
    }

    /** An admin with an API key. */
    record AdminKey(Admin admin, Credentials key) {
    }

    /** A customer with an API key. */
    record CustomerKey(Customer customer, Credentials key) {
    }

    /** Adds an admin with a unique name and a key without restrictions. */
    AdminKey newAdmin(boolean seeAll) {
        Admin admin = new AdminRepository(store).add(uniqueName("admin"), seeAll, true);
        return new AdminKey(admin, issue(admin.id(), null, null, ""));
    }

    /** Adds a customer of the admin, with a unique login, a document root under /srv and a key. */
    CustomerKey newCustomer(Admin owner) {
        String login = uniqueName("web");
        Customer customer = new CustomerRepository(store).add(login, Path.of("/srv/customers", login).toString(),
                10000 + counter.get(), 10000 + counter.get(), owner.id(), "node-" + login);
        return new CustomerKey(customer, issue(null, customer.id(), null, ""));
    }

    /** Issues a key for an admin or a customer. */
    Credentials issue(Long adminId, Long customerId, Long validUntil, String allowedFrom) {
        ApiKeyRepository.IssuedKey issued = new ApiKeyRepository(store).issue(adminId, customerId, validUntil,
                allowedFrom);
        return new Credentials(issued.key().key(), issued.secret());
    }

    void setting(String name, String value) {
        new SettingRepository(store).set(name, value);
    }

    /** Restores the settings every test expects: API and export on, nothing hidden. */
    void resetSettings() {
        setting(SettingRepository.API_ENABLED, "1");
        setting(SettingRepository.EXPORT_ENABLED, "1");
        setting(SettingRepository.CUSTOMER_HIDE_OPTIONS, "");
    }

    /** Runs an UPDATE on the store, to put a job into a state only a worker would reach. */
    int update(String sql, Object... parameters) {
        return store.withConnection(connection -> Jdbc.update(connection, sql, parameters));
    }

    static String uniqueName(String prefix) {
        return prefix + counter.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 1_000_000, 36);
    }
}
