package dev.datadump.worker;

import dev.datadump.export.ExportRequest;
import dev.datadump.model.Customer;
import dev.datadump.model.CustomerDatabase;
import dev.datadump.model.DatabaseServer;
import dev.datadump.model.Job;
import dev.datadump.model.MailAccount;
import dev.datadump.store.CustomerRepository;
import dev.datadump.store.DatabaseServerRepository;
import dev.datadump.store.NotFoundException;
import dev.datadump.store.Store;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads from the store everything an export of a job needs. */
final class ExportRequestLoader {

    private final CustomerRepository customers;
    private final DatabaseServerRepository databaseServers;

    ExportRequestLoader(Store store) {
        this.customers = new CustomerRepository(store);
        this.databaseServers = new DatabaseServerRepository(store);
    }

    /**
     * Returns the request of a job: its customer, the customer's databases and mail accounts,
     * and the database servers those databases live on. Throws {@link NotFoundException} when
     * the customer was deleted.
     */
    ExportRequest load(Job job) {
        Customer customer = customers.findById(job.customerId())
                .orElseThrow(() -> new NotFoundException("customer " + job.customerId() + " of job " + job.id()
                        + " not found; it was deleted after the job was added"));
        List<CustomerDatabase> databases = customers.databases(customer.id());
        List<MailAccount> mailAccounts = customers.mailAccounts(customer.id());

        Map<Integer, DatabaseServer> servers = new HashMap<>();
        for (CustomerDatabase database : databases) {
            databaseServers.findById(database.serverId()).ifPresent(server -> servers.put(server.id(), server));
        }
        return new ExportRequest(job, customer, databases, mailAccounts, Map.copyOf(servers));
    }
}
