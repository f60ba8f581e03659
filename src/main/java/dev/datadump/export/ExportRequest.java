package dev.datadump.export;

import dev.datadump.model.Customer;
import dev.datadump.model.CustomerDatabase;
import dev.datadump.model.DatabaseServer;
import dev.datadump.model.Job;
import dev.datadump.model.MailAccount;

import java.util.List;
import java.util.Map;

/** Everything an export needs about one job, read from the store before the export starts. */
public record ExportRequest(Job job, Customer customer, List<CustomerDatabase> databases,
                            List<MailAccount> mailAccounts, Map<Integer, DatabaseServer> databaseServers) {
}
