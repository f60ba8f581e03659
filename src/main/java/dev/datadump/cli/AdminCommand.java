package dev.datadump.cli;

import dev.datadump.model.Admin;
import dev.datadump.store.AdminRepository;
import dev.datadump.store.DuplicateException;
import dev.datadump.store.Store;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code datadump admin ...}: hosting admins. */
@Command(name = "admin", description = "Manage admins.", mixinStandardHelpOptions = true,
        subcommands = {AdminCommand.Add.class, AdminCommand.Set.class, AdminCommand.ListAdmins.class, CommandLine.HelpCommand.class})
final class AdminCommand {

    @Command(name = "add", description = "Add an admin.", mixinStandardHelpOptions = true)
    static final class Add extends StoreCommand {
        @Parameters(paramLabel = "NAME", description = "Admin name.")
        String name;

        @Option(names = "--see-all", description = "The admin acts for every customer, not only its own.")
        boolean seeAll;

        @Option(names = "--no-api", description = "Do not allow this admin to use the API.")
        boolean noApi;

        @Override
        void run(Store store) {
            String trimmed = Names.requireName("admin name", name);
            Admin admin;
            try {
                admin = new AdminRepository(store).add(trimmed, seeAll, !noApi);
            } catch (DuplicateException e) {
                throw new CommandFailedException(e.getMessage() + "; choose another name");
            }
            if (json) {
                Output.printJson(out(), admin);
            } else {
                out().printf("Added admin %s (id %d)%s%n", admin.name(), admin.id(),
                        admin.customersSeeAll() ? ", sees all customers" : "");
            }
        }
    }

    @Command(name = "set", description = "Change an admin.", mixinStandardHelpOptions = true)
    static final class Set extends StoreCommand {
        @Parameters(paramLabel = "NAME", description = "Admin name.")
        String name;

        @Option(names = "--see-all", paramLabel = "true|false", description = "Act for every customer.")
        Boolean seeAll;

        @Option(names = "--api-allowed", paramLabel = "true|false", description = "Allow use of the API.")
        Boolean apiAllowed;

        @Override
        void run(Store store) {
            AdminRepository admins = new AdminRepository(store);
            if (admins.findByName(name).isEmpty()) {
                throw new CommandFailedException("admin '" + name + "' not found; see 'datadump admin list'");
            }
            if (seeAll != null) {
                admins.setCustomersSeeAll(name, seeAll);
            }
            if (apiAllowed != null) {
                admins.setApiAllowed(name, apiAllowed);
            }
            Admin admin = admins.findByName(name).orElseThrow();
            if (json) {
                Output.printJson(out(), admin);
            } else {
                out().printf("Admin %s: see-all %s, API %s%n", admin.name(), admin.customersSeeAll(),
                        admin.apiAllowed() ? "allowed" : "not allowed");
            }
        }
    }

    @Command(name = "list", description = "List admins.", mixinStandardHelpOptions = true)
    static final class ListAdmins extends StoreCommand {
        @Override
        void run(Store store) {
            List<Admin> admins = new AdminRepository(store).list();
            if (json) {
                Output.printJson(out(), admins);
                return;
            }
            out().printf("%-6s %-24s %-8s %s%n", "ID", "NAME", "SEE-ALL", "API");
            for (Admin admin : admins) {
                out().printf("%-6d %-24s %-8s %s%n", admin.id(), admin.name(), admin.customersSeeAll() ? "yes" : "no",
                        admin.apiAllowed() ? "allowed" : "not allowed");
            }
        }
    }
}
