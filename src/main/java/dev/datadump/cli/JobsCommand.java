package dev.datadump.cli;

import dev.datadump.model.Customer;
import dev.datadump.model.Job;
import dev.datadump.store.CustomerRepository;
import dev.datadump.store.JobRepository;
import dev.datadump.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code datadump jobs ...}: the job queue and its history. */
@Command(name = "jobs", description = "Show export jobs.", mixinStandardHelpOptions = true,
        subcommands = {JobsCommand.ListJobs.class, CommandLine.HelpCommand.class})
final class JobsCommand {

    @Command(name = "list", description = {"List planned and running jobs; with --all, finished ones too.",
            "With --json, times are Unix seconds, as in the API."},
            mixinStandardHelpOptions = true)
    static final class ListJobs extends StoreCommand {
        @Option(names = "--all", description = "Include finished jobs (done, failed, cancelled).")
        boolean all;

        @Override
        void run(Store store) {
            List<Job> jobs = new JobRepository(store).list(all);
            Map<Long, String> logins = new HashMap<>();
            for (Customer customer : new CustomerRepository(store).list()) {
                logins.put(customer.id(), customer.loginName());
            }
            if (json) {
                Output.printJson(out(), jobs.stream().map(job -> describe(job, logins)).toList());
                return;
            }
            out().printf("%-6s %-16s %-10s %-20s %s%n", "ID", "CUSTOMER", "STATUS", "CREATED", "RESULT");
            for (Job job : jobs) {
                out().printf("%-6d %-16s %-10s %-20s %s%n", job.id(), logins.get(job.customerId()),
                        job.status().wireName(), Instant.ofEpochMilli(job.created()).toString().substring(0, 19),
                        result(job));
            }
        }

        private static String result(Job job) {
            if (job.error() != null) {
                return job.error();
            }
            if (job.archive() != null) {
                return job.destdir() + job.archive() + " (" + job.size() + " bytes)";
            }
            return job.destdir();
        }

        /** Returns epoch milliseconds as Unix seconds, the unit the API uses, or null. */
        private static Long unixSeconds(Long epochMillis) {
            return epochMillis == null ? null : epochMillis / 1000;
        }

        private static Map<String, Object> describe(Job job, Map<Long, String> logins) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", job.id());
            row.put("customerid", job.customerId());
            row.put("loginname", logins.get(job.customerId()));
            row.put("node", job.node());
            row.put("destdir", job.destdir());
            row.put("dump_dbs", job.dumpDbs());
            row.put("dump_mail", job.dumpMail());
            row.put("dump_web", job.dumpWeb());
            row.put("encrypted", job.encrypted());
            row.put("status", job.status().wireName());
            row.put("created", unixSeconds(job.created()));
            row.put("started", unixSeconds(job.started()));
            row.put("finished", unixSeconds(job.finished()));
            row.put("attempts", job.attempts());
            row.put("worker", job.worker());
            row.put("archive", job.archive());
            row.put("size", job.size());
            row.put("sha256", job.sha256());
            row.put("warnings", job.warnings());
            row.put("error", job.error());
            return row;
        }
    }
}
