package dev.datadump.worker;

import dev.datadump.model.Customer;
import dev.datadump.model.Job;
import dev.datadump.store.AdminRepository;
import dev.datadump.store.CustomerRepository;
import dev.datadump.store.Jdbc;
import dev.datadump.store.JobRepository;
import dev.datadump.store.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Test data for the queue: customers with small document roots, and a planned job for each. */
final class Jobs {

    private final Store store;
    private final long adminId;

    Jobs(Store store) {
        this.store = store;
        this.adminId = new AdminRepository(store).add("admin-" + UUID.randomUUID().toString().substring(0, 8),
                true, true).id();
    }

    /**
     * Adds {@code count} customers on the node, each with a document root under {@code root}
     * holding one small readable file, and a planned web export job into {@code exports/}.
     */
    List<Job> add(int count, String node, Path root, int uid, int gid) throws IOException {
        CustomerRepository customers = new CustomerRepository(store);
        JobRepository jobs = new JobRepository(store);
        List<Job> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String login = node + "c" + i;
            Path documentRoot = Files.createDirectories(root.resolve(login));
            Files.writeString(documentRoot.resolve("index.html"), "<p>customer " + login + "</p>\n");
            Files.createDirectories(documentRoot.resolve("exports"));
            Customer customer = customers.add(login, documentRoot.toString(), uid, gid, adminId, node);
            added.add(jobs.add(new JobRepository.NewJob(customer.id(), node, "exports",
                    documentRoot.resolve("exports") + "/", null, false, false, true)));
        }
        return added;
    }

    Job find(long id) {
        return new JobRepository(store).findById(id).orElseThrow();
    }

    List<Job> all() {
        return new JobRepository(store).list(true);
    }

    /** Sets the job's cancel flag, as the API does when a running job is deleted. */
    void requestCancel(long id) {
        store.withConnection(connection -> Jdbc.update(connection,
                "UPDATE jobs SET cancel_requested = 1 WHERE id = ?", id));
    }

    Long activeCustomer(long id) {
        return store.withConnection(connection -> Jdbc.query(connection,
                "SELECT active_customer FROM jobs WHERE id = ?", row -> Jdbc.nullableLong(row, "active_customer"),
                id)).get(0);
    }
}
