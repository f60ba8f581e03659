package dev.datadump.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.datadump.testing.Cli;
import dev.datadump.testing.TestStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The management commands as an admin runs them, against each kind of store. */
class CliIT {

    private static final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void setUpCustomerWithKeyDatabaseAndMail(TestStores.Kind kind) throws Exception {
        String store = TestStores.create(kind);
        Path optionFile = Files.createTempFile("dbserver", ".cnf");

        assertThat(Cli.run("admin", "add", "alice", "--see-all", "--store", store).exitCode()).isZero();
        assertThat(Cli.run("customer", "add", "web1", "--documentroot", "/var/customers/webs/web1/",
                "--uid", "10001", "--gid", "10002", "--store", store).exitCode()).isZero();
        assertThat(Cli.run("dbserver", "add", "0", "--defaults-file", optionFile.toString(), "--store", store)
                .exitCode()).isZero();
        assertThat(Cli.run("customer", "database", "add", "web1", "web1_wp", "--store", store).exitCode()).isZero();
        assertThat(Cli.run("customer", "mail", "add", "web1", "--homedir", "/var/customers/mail/web1",
                "--maildir", "example.com/info/", "--store", store).exitCode()).isZero();

        Cli.Result key = Cli.run("apikey", "add", "--customer", "web1", "--json", "--store", store);
        JsonNode issued = json.readTree(key.stdout());
        assertThat(key.exitCode()).isZero();
        assertThat(issued.get("apikey").asText()).hasSize(48);
        assertThat(issued.get("secret").asText()).hasSize(64);

        JsonNode customers = json.readTree(Cli.run("customer", "list", "--json", "--store", store).stdout());
        assertThat(customers).hasSize(1);
        assertThat(customers.get(0).get("documentRoot").asText()).isEqualTo("/var/customers/webs/web1");
        assertThat(customers.get(0).get("gid").asInt()).isEqualTo(10002);

        JsonNode mail = json.readTree(Cli.run("customer", "mail", "list", "web1", "--json", "--store", store).stdout());
        assertThat(mail.get(0).get("maildir").asText()).isEqualTo("example.com/info");

        String keys = Cli.run("apikey", "list", "--store", store).stdout();
        assertThat(keys).contains(issued.get("apikey").asText());
        assertThat(keys).doesNotContain(issued.get("secret").asText());
    }

    @Test
    void storeFromEnvironmentVariable() throws Exception {
        String store = TestStores.create(TestStores.Kind.SQLITE);
        Map<String, String> environment = Map.of("DATADUMP_STORE", store);

        assertThat(Cli.run(environment, "admin", "add", "alice").exitCode()).isZero();

        JsonNode admins = json.readTree(Cli.run("admin", "list", "--json", "--store", store).stdout());
        assertThat(admins.get(0).get("name").asText()).isEqualTo("alice");
    }

    @Test
    void defaultStoreIsCreatedInDataDirectory() throws Exception {
        Path dataDirectory = Files.createTempDirectory("datadump-data").resolve("nested");
        Map<String, String> environment = Map.of("DATADUMP_DATA_DIR", dataDirectory.toString());

        Cli.Result result = Cli.run(environment, "setting", "list", "--json");

        assertThat(result.exitCode()).isZero();
        assertThat(Files.isRegularFile(dataDirectory.resolve("datadump.db"))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDirectory.resolve("datadump.db"))))
                .isEqualTo("rw-------");
        JsonNode settings = json.readTree(result.stdout());
        assertThat(settings.get("api.enabled").asText()).isEqualTo("1");
        assertThat(settings.get("system.exportenabled").asText()).isEqualTo("1");
    }

    @Test
    void badUsageExitsWithTwoAndSaysWhatToDo() {
        String store = TestStores.create(TestStores.Kind.SQLITE);

        Cli.Result badName = Cli.run("admin", "add", "no/slash", "--store", store);
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.stderr()).contains("invalid admin name 'no/slash'");

        Cli.Result relativeRoot = Cli.run("customer", "add", "web1", "--documentroot", "webs/web1",
                "--uid", "1", "--gid", "1", "--store", store);
        assertThat(relativeRoot.exitCode()).isEqualTo(2);
        assertThat(relativeRoot.stderr()).contains("give an absolute path");

        Cli.Result unknownSetting = Cli.run("setting", "set", "no.such", "1", "--store", store);
        assertThat(unknownSetting.exitCode()).isEqualTo(2);
        assertThat(unknownSetting.stderr()).contains("unknown setting 'no.such'");

        Cli.Result missingOption = Cli.run("customer", "add", "web1", "--store", store);
        assertThat(missingOption.exitCode()).isEqualTo(2);
        assertThat(missingOption.stderr()).contains("--documentroot");

        Cli.Result badRange = Cli.run("apikey", "add", "--admin", "alice", "--allowed-from", "example.com",
                "--store", store);
        assertThat(badRange.exitCode()).isEqualTo(2);
        assertThat(badRange.stderr()).contains("'example.com' is not an IPv4 or IPv6 address");

        Cli.Result emptyRange = Cli.run("apikey", "add", "--admin", "alice", "--allowed-from", " ", "--store", store);
        assertThat(emptyRange.exitCode()).isEqualTo(2);
        assertThat(emptyRange.stderr()).contains("leave the option out to allow any address");
    }

    @Test
    void failuresExitWithOneAndNameTheValue() {
        String store = TestStores.create(TestStores.Kind.SQLITE);

        Cli.Result noAdmin = Cli.run("customer", "add", "web1", "--documentroot", "/srv/web1", "--uid", "1",
                "--gid", "1", "--admin", "ghost", "--store", store);
        assertThat(noAdmin.exitCode()).isEqualTo(1);
        assertThat(noAdmin.stderr()).contains("admin 'ghost' not found");

        assertThat(Cli.run("admin", "add", "alice", "--store", store).exitCode()).isZero();
        Cli.Result duplicate = Cli.run("admin", "add", "alice", "--store", store);
        assertThat(duplicate.exitCode()).isEqualTo(1);
        assertThat(duplicate.stderr()).contains("admin 'alice' already exists");

        Cli.Result noServer = Cli.run("dbserver", "add", "1", "--defaults-file", "/nonexistent/my.cnf",
                "--store", store);
        assertThat(noServer.exitCode()).isEqualTo(1);
        assertThat(noServer.stderr()).contains("/nonexistent/my.cnf");

        Cli.Result unreachable = Cli.run("admin", "list", "--store", "jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2");
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.stderr()).contains("cannot open the store");
    }

    @Test
    void dbserverRejectsOptionFileOthersMayChange() throws Exception {
        // mariadb-dump runs as root and reads the [mysqldump] group of this file (result-file, for
        // one), so a file that other users can change lets them write any file as root.
        String store = TestStores.create(TestStores.Kind.SQLITE);
        Path optionFile = Files.createTempFile("dbserver", ".cnf");
        Files.setPosixFilePermissions(optionFile, PosixFilePermissions.fromString("rw-rw-rw-"));

        Cli.Result writable = Cli.run("dbserver", "add", "3", "--defaults-file", optionFile.toString(),
                "--store", store);
        assertThat(writable.exitCode()).isEqualTo(1);
        assertThat(writable.stderr()).contains(optionFile.toString()).contains("mode 0666");

        Files.setPosixFilePermissions(optionFile, PosixFilePermissions.fromString("rw-------"));
        Files.setOwner(optionFile, optionFile.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName("nobody"));
        Cli.Result foreign = Cli.run("dbserver", "add", "3", "--defaults-file", optionFile.toString(),
                "--store", store);
        assertThat(foreign.exitCode()).isEqualTo(1);
        assertThat(foreign.stderr()).contains("is owned by uid 65534");
    }

    @Test
    void settingSwitchesAcceptOnlyZeroOrOne() {
        String store = TestStores.create(TestStores.Kind.SQLITE);

        Cli.Result bad = Cli.run("setting", "set", "api.enabled", "yes", "--store", store);
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.stderr()).contains("use 1 (on) or 0 (off)");

        assertThat(Cli.run("setting", "set", "api.enabled", "0", "--store", store).exitCode()).isZero();
        assertThat(Cli.run("setting", "list", "--store", store).stdout()).contains("api.enabled = 0");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : new String[][]{{"--help"}, {"admin", "add", "--help"}, {"customer", "add", "--help"},
                {"customer", "database", "add", "--help"}, {"customer", "mail", "add", "--help"},
                {"dbserver", "add", "--help"}, {"apikey", "add", "--help"}, {"setting", "set", "--help"},
                {"jobs", "list", "--help"}, {"customer", "help", "mail"}, {"help", "apikey"}}) {
            Cli.Result result = Cli.run(command);
            assertThat(result.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(result.stdout()).as(String.join(" ", command)).contains("Usage: datadump");
        }
    }
}
