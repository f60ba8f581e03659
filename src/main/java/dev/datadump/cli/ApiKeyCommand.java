package dev.datadump.cli;

import dev.datadump.auth.AddressRange;
import dev.datadump.model.ApiKey;
import dev.datadump.store.AdminRepository;
import dev.datadump.store.ApiKeyRepository;
import dev.datadump.store.CustomerRepository;
import dev.datadump.store.Store;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code datadump apikey ...}: API keys of admins and customers. */
@Command(name = "apikey", description = "Manage API keys.", mixinStandardHelpOptions = true,
        subcommands = {ApiKeyCommand.Add.class, ApiKeyCommand.ListKeys.class, ApiKeyCommand.Delete.class, CommandLine.HelpCommand.class})
final class ApiKeyCommand {

    static final class Owner {
        @Option(names = "--admin", paramLabel = "NAME", required = true, description = "Admin the key acts as.")
        String admin;

        @Option(names = "--customer", paramLabel = "LOGIN", required = true, description = "Customer the key acts as.")
        String customer;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Create an API key and print it with its secret. The secret is shown only this once.")
    static final class Add extends StoreCommand {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Owner owner;

        @Option(names = "--valid-until", paramLabel = "ISO",
                description = "Expiry: 2027-01-31 (valid through that day, UTC), 2027-01-31T12:00 (UTC) "
                        + "or 2027-01-31T12:00:00+01:00. Default: never expires.")
        String validUntil;

        @Option(names = "--allowed-from", paramLabel = "LIST",
                description = "Comma list of IPv4/IPv6 addresses and CIDR ranges the key may be used from. "
                        + "Default: any address.")
        String allowedFrom;

        @Override
        void run(Store store) {
            Long expiry = validUntil == null ? null : parseExpiry(validUntil);
            String ranges = normaliseRanges(allowedFrom);

            Long adminId = null;
            Long customerId = null;
            if (owner.admin != null) {
                adminId = new AdminRepository(store).findByName(owner.admin.trim())
                        .orElseThrow(() -> new CommandFailedException("admin '" + owner.admin
                                + "' not found; see 'datadump admin list'")).id();
            } else {
                customerId = new CustomerRepository(store).findByLoginName(owner.customer.trim())
                        .orElseThrow(() -> new CommandFailedException("customer '" + owner.customer
                                + "' not found; see 'datadump customer list'")).id();
            }

            ApiKeyRepository.IssuedKey issued = new ApiKeyRepository(store).issue(adminId, customerId, expiry, ranges);
            if (json) {
                Map<String, String> result = new LinkedHashMap<>();
                result.put("apikey", issued.key().key());
                result.put("secret", issued.secret());
                Output.printJson(out(), result);
            } else {
                out().println("apikey: " + issued.key().key());
                out().println("secret: " + issued.secret());
                out().println("Keep the secret now: it is stored only as a hash and cannot be shown again.");
            }
        }

        static Long parseExpiry(String text) {
            String value = text.trim();
            try {
                return OffsetDateTime.parse(value).toInstant().toEpochMilli();
            } catch (DateTimeParseException ignored) {
                // Not a time with offset; try the next form.
            }
            try {
                return Instant.parse(value).toEpochMilli();
            } catch (DateTimeParseException ignored) {
                // Not an instant; try the next form.
            }
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException ignored) {
                // Not a local date-time; try the next form.
            }
            try {
                return LocalDate.parse(value).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() - 1;
            } catch (DateTimeParseException e) {
                throw new UsageException("invalid --valid-until '" + text
                        + "': use an ISO date or time such as 2027-01-31 or 2027-01-31T12:00:00Z");
            }
        }

        static String normaliseRanges(String list) {
            if (list == null) {
                return "";
            }
            if (list.isBlank()) {
                throw new UsageException("invalid --allowed-from '" + list + "': give at least one address or "
                        + "CIDR range, or leave the option out to allow any address");
            }
            try {
                return AddressRange.parseList(list).stream().map(AddressRange::toString)
                        .collect(Collectors.joining(","));
            } catch (IllegalArgumentException e) {
                throw new UsageException("invalid --allowed-from: " + e.getMessage());
            }
        }
    }

    @Command(name = "list", description = "List API keys (never their secrets).", mixinStandardHelpOptions = true)
    static final class ListKeys extends StoreCommand {
        @Override
        void run(Store store) {
            List<ApiKey> keys = new ApiKeyRepository(store).list();
            List<Map<String, Object>> rows = keys.stream().map(ListKeys::describe).toList();
            if (json) {
                Output.printJson(out(), rows);
                return;
            }
            for (Map<String, Object> row : rows) {
                out().printf("%s  %s  valid until %s  allowed from %s%n", row.get("apikey"), row.get("owner"),
                        row.get("valid_until"), row.get("allowed_from"));
            }
        }

        private static Map<String, Object> describe(ApiKey key) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("apikey", key.key());
            row.put("owner", key.isAdminKey() ? "admin:" + key.adminId() : "customer:" + key.customerId());
            row.put("valid_until", key.validUntil() == null ? "never" : Instant.ofEpochMilli(key.validUntil()).toString());
            row.put("allowed_from", key.allowedFrom().isEmpty() ? "any" : key.allowedFrom());
            return row;
        }
    }

    @Command(name = "delete", description = "Delete an API key.", mixinStandardHelpOptions = true)
    static final class Delete extends StoreCommand {
        @Parameters(paramLabel = "KEY", description = "The API key.")
        String key;

        @Override
        void run(Store store) {
            if (!new ApiKeyRepository(store).delete(key.trim())) {
                throw new CommandFailedException("API key '" + key + "' not found; see 'datadump apikey list'");
            }
            if (json) {
                Output.printJson(out(), Map.of("deleted", key.trim()));
            } else {
                out().println("Deleted API key " + key.trim());
            }
        }
    }
}
