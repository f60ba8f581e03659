package dev.datadump.cli;

import dev.datadump.model.Admin;
import dev.datadump.model.Customer;
import dev.datadump.model.CustomerDatabase;
import dev.datadump.model.MailAccount;
import dev.datadump.store.AdminRepository;
import dev.datadump.store.CustomerRepository;
import dev.datadump.store.DatabaseServerRepository;
import dev.datadump.store.DuplicateException;
import dev.datadump.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code datadump customer ...}: customers, their databases and mail accounts. */
@Command(name = "customer", description = "Manage customers, their databases and mail accounts.",
        mixinStandardHelpOptions = true,
        subcommands = {CustomerCommand.Add.class, CustomerCommand.Set.class, CustomerCommand.ListCustomers.class,
                CustomerCommand.Database.class, CustomerCommand.Mail.class, CommandLine.HelpCommand.class})
final class CustomerCommand {

    @Command(name = "add", description = "Add a customer.", mixinStandardHelpOptions = true)
    static final class Add extends StoreCommand {
        @Parameters(paramLabel = "LOGIN", description = "Login name of the customer.")
        String login;

        @Option(names = "--documentroot", required = true, paramLabel = "DIR",
                description = "Absolute path of the customer's document root (home).")
        String documentRoot;

        @Option(names = "--uid", required = true, paramLabel = "N", description = "Unix user id of the customer.")
        int uid;

        @Option(names = "--gid", required = true, paramLabel = "N", description = "Unix group id of the customer.")
        int gid;

        @Option(names = "--admin", paramLabel = "NAME",
                description = "Owning admin. May be left out when exactly one admin exists.")
        String admin;

        @Option(names = "--node", paramLabel = "NAME", defaultValue = Customer.DEFAULT_NODE,
                description = "Node (host) whose workers run this customer's jobs. Default: ${DEFAULT-VALUE}.")
        String node;

        @Override
        void run(Store store) {
            String loginName = Names.requireName("login name", login);
            String root = Names.requireAbsolutePath("document root", documentRoot);
            if (root.equals("/")) {
                throw new UsageException("invalid document root '/': give the customer's own folder");
            }
            if (uid < 0 || gid < 0) {
                throw new UsageException("invalid uid/gid " + uid + "/" + gid + ": give non-negative numbers");
            }
            String nodeName = Names.requireName("node name", node);
            Admin owner = resolveAdmin(new AdminRepository(store), admin);

            Customer customer;
            try {
                customer = new CustomerRepository(store).add(loginName, root, uid, gid, owner.id(), nodeName);
            } catch (DuplicateException e) {
                throw new CommandFailedException(e.getMessage() + "; choose another login name");
            }
            if (json) {
                Output.printJson(out(), customer);
            } else {
                out().printf("Added customer %s (id %d), document root %s, uid %d, gid %d, admin %s, node %s%n",
                        customer.loginName(), customer.id(), customer.documentRoot(), customer.uid(), customer.gid(),
                        owner.name(), customer.node());
            }
        }

        private static Admin resolveAdmin(AdminRepository admins, String name) {
            if (name != null) {
                return admins.findByName(name.trim()).orElseThrow(() -> new CommandFailedException(
                        "admin '" + name + "' not found; add it with 'datadump admin add " + name.trim() + "'"));
            }
            List<Admin> all = admins.list();
            if (all.size() == 1) {
                return all.get(0);
            }
            throw new UsageException(all.isEmpty()
                    ? "no admin exists yet; add one first with 'datadump admin add NAME'"
                    : "several admins exist; name the owning admin with --admin NAME");
        }
    }

    @Command(name = "set", description = "Change a customer.", mixinStandardHelpOptions = true)
    static final class Set extends StoreCommand {
        @Parameters(paramLabel = "LOGIN", description = "Login name of the customer.")
        String login;

        @Option(names = "--node", paramLabel = "NAME", description = "Node (host) whose workers run this customer's jobs.")
        String node;

        @Option(names = "--deactivated", paramLabel = "true|false", description = "Deactivate or reactivate the customer.")
        Boolean deactivated;

        @Option(names = "--api-allowed", paramLabel = "true|false", description = "Allow the customer to use the API.")
        Boolean apiAllowed;

        @Override
        void run(Store store) {
            CustomerRepository customers = new CustomerRepository(store);
            if (customers.findByLoginName(login).isEmpty()) {
                throw new CommandFailedException("customer '" + login + "' not found; see 'datadump customer list'");
            }
            if (node != null) {
                customers.setNode(login, Names.requireName("node name", node));
            }
            if (deactivated != null) {
                customers.setDeactivated(login, deactivated);
            }
            if (apiAllowed != null) {
                customers.setApiAllowed(login, apiAllowed);
            }
            Customer customer = customers.require(login);
            if (json) {
                Output.printJson(out(), customer);
            } else {
                out().printf("Customer %s: node %s, %s, API %s%n", customer.loginName(), customer.node(),
                        customer.deactivated() ? "deactivated" : "active",
                        customer.apiAllowed() ? "allowed" : "not allowed");
            }
        }
    }

    @Command(name = "list", description = "List customers.", mixinStandardHelpOptions = true)
    static final class ListCustomers extends StoreCommand {
        @Override
        void run(Store store) {
            List<Customer> customers = new CustomerRepository(store).list();
            if (json) {
                Output.printJson(out(), customers);
                return;
            }
            out().printf("%-6s %-20s %-8s %-8s %-12s %s%n", "ID", "LOGIN", "UID", "GID", "NODE", "DOCUMENT ROOT");
            for (Customer customer : customers) {
                out().printf("%-6d %-20s %-8d %-8d %-12s %s%n", customer.id(), customer.loginName(), customer.uid(),
                        customer.gid(), customer.node(), customer.documentRoot());
            }
        }
    }

    @Command(name = "database", description = "Manage a customer's databases.", mixinStandardHelpOptions = true,
            subcommands = {Database.AddDatabase.class, Database.ListDatabases.class})
    static final class Database {

        @Command(name = "add", description = "Register a database of a customer.", mixinStandardHelpOptions = true)
        static final class AddDatabase extends StoreCommand {
            @Parameters(index = "0", paramLabel = "LOGIN", description = "Login name of the customer.")
            String login;

            @Parameters(index = "1", paramLabel = "DBNAME", description = "Name of the database.")
            String databaseName;

            @Option(names = "--server", paramLabel = "ID", defaultValue = "0",
                    description = "Id of the database server (see 'datadump dbserver'). Default: ${DEFAULT-VALUE}.")
            int serverId;

            @Override
            void run(Store store) {
                String name = databaseName == null ? "" : databaseName.trim();
                if (!name.matches("[A-Za-z0-9_$-]{1,64}")) {
                    throw new UsageException("invalid database name '" + databaseName
                            + "': use 1 to 64 letters, digits, '_', '$' or '-'");
                }
                CustomerRepository customers = new CustomerRepository(store);
                Customer customer = customers.findByLoginName(login).orElseThrow(() ->
                        new CommandFailedException("customer '" + login + "' not found; see 'datadump customer list'"));
                if (new DatabaseServerRepository(store).findById(serverId).isEmpty()) {
                    throw new CommandFailedException("database server " + serverId
                            + " not found; add it with 'datadump dbserver add " + serverId + " --defaults-file FILE'");
                }
                CustomerDatabase database;
                try {
                    database = customers.addDatabase(customer.id(), name, serverId);
                } catch (DuplicateException e) {
                    throw new CommandFailedException(e.getMessage());
                }
                if (json) {
                    Output.printJson(out(), database);
                } else {
                    out().printf("Added database %s on server %d to customer %s%n", database.name(),
                            database.serverId(), customer.loginName());
                }
            }
        }

        @Command(name = "list", description = "List a customer's databases.", mixinStandardHelpOptions = true)
        static final class ListDatabases extends StoreCommand {
            @Parameters(paramLabel = "LOGIN", description = "Login name of the customer.")
            String login;

            @Override
            void run(Store store) {
                CustomerRepository customers = new CustomerRepository(store);
                Customer customer = customers.findByLoginName(login).orElseThrow(() ->
                        new CommandFailedException("customer '" + login + "' not found; see 'datadump customer list'"));
                List<CustomerDatabase> databases = customers.databases(customer.id());
                if (json) {
                    Output.printJson(out(), databases);
                    return;
                }
                for (CustomerDatabase database : databases) {
                    out().printf("%s (server %d)%n", database.name(), database.serverId());
                }
            }
        }
    }

    @Command(name = "mail", description = "Manage a customer's mail accounts.", mixinStandardHelpOptions = true,
            subcommands = {Mail.AddMail.class, Mail.ListMail.class})
    static final class Mail {

        @Command(name = "add", description = "Register a mail account of a customer.", mixinStandardHelpOptions = true)
        static final class AddMail extends StoreCommand {
            @Parameters(paramLabel = "LOGIN", description = "Login name of the customer.")
            String login;

            @Option(names = "--homedir", required = true, paramLabel = "DIR",
                    description = "Absolute home directory of the mail account.")
            String homeDir;

            @Option(names = "--maildir", required = true, paramLabel = "RELPATH",
                    description = "Maildir, relative to the home directory.")
            String maildir;

            @Override
            void run(Store store) {
                String home = Names.requireAbsolutePath("mail home directory", homeDir);
                String relative = Names.requireRelativePath("maildir", maildir);
                CustomerRepository customers = new CustomerRepository(store);
                Customer customer = customers.findByLoginName(login).orElseThrow(() ->
                        new CommandFailedException("customer '" + login + "' not found; see 'datadump customer list'"));
                MailAccount account = customers.addMailAccount(customer.id(), home, relative);
                if (json) {
                    Output.printJson(out(), account);
                } else {
                    out().printf("Added mail account %s/%s to customer %s%n", account.homeDir(), account.maildir(),
                            customer.loginName());
                }
            }
        }

        @Command(name = "list", description = "List a customer's mail accounts.", mixinStandardHelpOptions = true)
        static final class ListMail extends StoreCommand {
            @Parameters(paramLabel = "LOGIN", description = "Login name of the customer.")
            String login;

            @Override
            void run(Store store) {
                CustomerRepository customers = new CustomerRepository(store);
                Customer customer = customers.findByLoginName(login).orElseThrow(() ->
                        new CommandFailedException("customer '" + login + "' not found; see 'datadump customer list'"));
                List<MailAccount> accounts = customers.mailAccounts(customer.id());
                if (json) {
                    Output.printJson(out(), accounts);
                    return;
                }
                for (MailAccount account : accounts) {
                    out().printf("%s  %s%n", account.homeDir(), account.maildir());
                }
            }
        }
    }
}
