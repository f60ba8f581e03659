package dev.datadump.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.datadump.api.ApiClient.Credentials;
import dev.datadump.api.ApiClient.Response;
import dev.datadump.api.ApiFixture.AdminKey;
import dev.datadump.api.ApiFixture.CustomerKey;
import dev.datadump.model.Admin;
import dev.datadump.model.Customer;
import dev.datadump.store.AdminRepository;
import dev.datadump.store.ApiKeyRepository;
import dev.datadump.store.Jdbc;
import dev.datadump.store.SettingRepository;
import dev.datadump.store.Store;
import dev.datadump.testing.TestStores;
import dev.datadump.testing.TestStores.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.datadump.api.ApiClient.params;
import static org.assertj.core.api.Assertions.assertThat;

/** Request forms, status codes of the contract and the parameter rules, over real HTTP. */
class ApiRequestIT {

    private static final String KINDS = "dev.datadump.testing.TestStores#kinds";

    @ParameterizedTest
    @MethodSource(KINDS)
    void malformedRequestsGet400(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        Credentials key = fixture.newAdmin(false).key();
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("", "empty");
        bodies.put("   ", "empty");
        bodies.put("{\"command\": ", "not valid JSON");
        bodies.put("[1, 2]", "JSON object");
        bodies.put("\"DataDump.listing\"", "JSON object");
        bodies.put("{}", "no 'command'");
        bodies.put("{\"params\": {}}", "no 'command'");
        bodies.put("{\"command\": 5}", "must be a string");
        bodies.put("{\"command\": \"DataDump\"}", "Module.method");
        bodies.put("{\"command\": \"DataDump.listing.extra\"}", "Module.method");
        bodies.put("{\"command\": \".listing\"}", "Module.method");
        bodies.put("{\"command\": \"Customers.listing\"}", "unknown module");
        bodies.put("{\"command\": \"DataDump.frobnicate\"}", "unknown method");
        bodies.put("{\"command\": \"DataDump.listing\", \"params\": [1]}", "must be a JSON object");

        for (Map.Entry<String, String> body : bodies.entrySet()) {
            Response response = fixture.client.post(key, "", body.getKey());
            assertThat(response.status()).as(body.getKey()).isEqualTo(400);
            assertThat(response.message()).as(body.getKey()).contains(body.getValue());
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void jsonErrorsNameNoParserInternals(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        Credentials key = fixture.newAdmin(false).key();

        Response truncated = fixture.client.post(key, "", "{\"command\": \"DataDump.listing\"");
        Response deep = fixture.client.post(key, "", "[".repeat(2000) + "]".repeat(2000));

        assertThat(truncated.status()).isEqualTo(400);
        assertThat(truncated.message()).contains("not valid JSON at line 1");
        assertThat(truncated.message()).doesNotContain("Source").doesNotContain("StreamRead");
        assertThat(deep.status()).isEqualTo(400);
        assertThat(deep.message()).contains("nesting depth").doesNotContain("StreamRead");
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void pathMustBeStringOrInteger(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        AdminKey admin = fixture.newAdmin(false);
        Customer customer = fixture.newCustomer(admin.admin()).customer();

        for (Object path : List.of(1e308, 1.5, true, List.of("a"))) {
            Response response = fixture.client.call(admin.key(), "DataDump.add",
                    params("path", path, "customerid", customer.id()));
            assertThat(response.status()).as(String.valueOf(path)).isEqualTo(400);
            assertThat(response.message()).as(String.valueOf(path)).contains("'path'");
        }
        Response integer = fixture.client.call(admin.key(), "DataDump.add",
                params("path", 2026, "customerid", customer.id()));
        assertThat(integer.status()).isEqualTo(200);
        assertThat(integer.data().get("destdir").asText()).endsWith("/2026/");
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void restFormRejectsBadQueryAndNonObjectBody(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        Credentials key = fixture.newAdmin(false).key();

        Response badQuery = fixture.client.post(key, "?/datadump", "{}");
        Response otherQuery = fixture.client.post(key, "?command=DataDump.listing", "{}");
        Response arrayBody = fixture.client.post(key, "?/datadump/listing", "[]");
        Response emptyBody = fixture.client.post(key, "?/datadump/listing", "");
        Response unknownMethod = fixture.client.post(key, "?/datadump/nothing", "{}");

        assertThat(badQuery.status()).isEqualTo(400);
        assertThat(otherQuery.status()).isEqualTo(400);
        assertThat(arrayBody.status()).isEqualTo(400);
        assertThat(emptyBody.status()).isEqualTo(400);
        assertThat(unknownMethod.status()).isEqualTo(400);
        assertThat(unknownMethod.message()).contains("datadump.nothing");
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void commandNamesAreCaseInsensitiveInBothForms(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        AdminKey admin = fixture.newAdmin(false);
        Customer customer = fixture.newCustomer(admin.admin()).customer();

        Response add = fixture.client.callRest(admin.key(), "DaTaDuMp", "ADD",
                params("path", "exports", "customerid", customer.id()));
        Response count = fixture.client.call(admin.key(), "datadump.listingcount", null);
        Response countMixed = fixture.client.call(admin.key(), "DataDump.listingCount", params());
        Response countRest = fixture.client.callRest(admin.key(), "datadump", "listingCount", params());
        Response listing = fixture.client.post(admin.key(), "?/DataDump/Listing/", "{}");

        assertThat(add.status()).as(add.toString()).isEqualTo(200);
        assertThat(count.data().asLong()).isEqualTo(1);
        assertThat(countMixed.data().asLong()).isEqualTo(1);
        assertThat(countRest.data().asLong()).isEqualTo(1);
        assertThat(listing.data().get("count").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void missingParameterGets404AndEmptyGets406(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        AdminKey admin = fixture.newAdmin(false);
        CustomerKey customer = fixture.newCustomer(admin.admin());

        Response noPath = fixture.client.call(customer.key(), "DataDump.add", params());
        Response nullPath = fixture.client.call(customer.key(), "DataDump.add", params("path", null));
        Response blankPath = fixture.client.call(customer.key(), "DataDump.add", params("path", "  "));
        Response noEntry = fixture.client.call(customer.key(), "DataDump.delete", null);
        Response emptyEntry = fixture.client.callRest(customer.key(), "datadump", "delete", params("job_entry", " "));
        Response adminWithoutCustomer = fixture.client.call(admin.key(), "DataDump.add", params("path", "x"));

        assertThat(noPath.status()).isEqualTo(404);
        assertThat(noPath.message()).contains("'path'").contains("DataDump.add");
        assertThat(nullPath.status()).isEqualTo(404);
        assertThat(blankPath.status()).isEqualTo(406);
        assertThat(blankPath.message()).contains("'path'").contains("DataDump.add");
        assertThat(noEntry.status()).isEqualTo(404);
        assertThat(noEntry.message()).contains("'job_entry'").contains("DataDump.delete");
        assertThat(emptyEntry.status()).isEqualTo(406);
        assertThat(emptyEntry.message()).contains("'job_entry'").contains("datadump.delete");
        assertThat(adminWithoutCustomer.status()).isEqualTo(404);
        assertThat(adminWithoutCustomer.message()).contains("customerid").contains("loginname");
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void accessCheckGets405(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        AdminKey admin = fixture.newAdmin(false);
        CustomerKey customer = fixture.newCustomer(admin.admin());
        String[] commands = {"DataDump.add", "DataDump.listing", "DataDump.listingCount", "DataDump.delete"};
        Map<String, Object> params = params("path", "x", "job_entry", 1);
        try {
            fixture.setting(SettingRepository.EXPORT_ENABLED, "0");
            for (String command : commands) {
                assertThat(fixture.client.call(admin.key(), command, params).status()).as(command).isEqualTo(405);
                assertThat(fixture.client.call(customer.key(), command, params).status()).as(command).isEqualTo(405);
            }

            fixture.setting(SettingRepository.EXPORT_ENABLED, "1");
            for (String hidden : List.of("extras", "extras.export", "domains, extras.export ,email")) {
                fixture.setting(SettingRepository.CUSTOMER_HIDE_OPTIONS, hidden);
                for (String command : commands) {
                    Response response = fixture.client.call(customer.key(), command, params);
                    assertThat(response.status()).as(hidden + " " + command).isEqualTo(405);
                    assertThat(response.message()).as(hidden).contains("not available");
                }
                assertThat(fixture.client.call(admin.key(), "DataDump.listing", null).status()).as(hidden)
                        .isEqualTo(200);
            }

            fixture.setting(SettingRepository.CUSTOMER_HIDE_OPTIONS, "extras.exports,domains");
            assertThat(fixture.client.call(customer.key(), "DataDump.listing", null).status()).isEqualTo(200);
        } finally {
            fixture.resetSettings();
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void getAndUpdateGet303(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        Credentials key = fixture.newAdmin(false).key();

        Response get = fixture.client.call(key, "DataDump.get", params("id", 1));
        Response update = fixture.client.callRest(key, "datadump", "update", params());

        assertThat(get.status()).isEqualTo(303);
        assertThat(get.message()).contains("DataDump.listing");
        assertThat(update.status()).isEqualTo(303);
        assertThat(update.message()).contains("DataDump.delete").contains("add");
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void transportErrorsAreJson(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        Credentials key = fixture.newAdmin(false).key();

        Response get = fixture.client.request(key, "GET", "/api.php", null);
        Response put = fixture.client.request(key, "PUT", "/api.php", "{}");
        Response otherPath = fixture.client.request(key, "POST", "/index.php", "{}");
        Response root = fixture.client.request(null, "GET", "/", null);
        String huge = "{\"command\": \"DataDump.listing\", \"params\": {\"x\": \"" + "a".repeat(1024 * 1024) + "\"}}";
        Response tooLarge = fixture.client.post(key, "", huge);

        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("Allow")).isEqualTo("POST");
        assertThat(get.message()).contains("GET");
        assertThat(put.status()).isEqualTo(405);
        assertThat(otherPath.status()).isEqualTo(404);
        assertThat(otherPath.message()).contains("/api.php");
        assertThat(root.status()).isEqualTo(404);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.message()).contains("1048576");

        HttpResponse<String> head = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(fixture.server.url())).method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(405);
        assertThat(head.headers().firstValue("Allow")).hasValue("POST");
        assertThat(head.body()).isEmpty();
        assertThat(fixture.server.log()).doesNotContain("WARNING");
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void secondUnfinishedJobGets409(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        AdminKey admin = fixture.newAdmin(false);
        CustomerKey customer = fixture.newCustomer(admin.admin());

        Response first = fixture.client.call(customer.key(), "DataDump.add", params("path", "a"));
        Response second = fixture.client.call(customer.key(), "DataDump.add", params("path", "b"));
        Response byAdmin = fixture.client.call(admin.key(), "DataDump.add",
                params("path", "c", "loginname", customer.customer().loginName()));
        long jobId = first.data().get("id").asLong();

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.message()).contains(customer.customer().loginName()).contains("job " + jobId)
                .contains("DataDump.delete");
        assertThat(byAdmin.status()).isEqualTo(409);

        assertThat(fixture.client.call(customer.key(), "DataDump.delete", params("job_entry", jobId)).status())
                .isEqualTo(200);
        assertThat(fixture.client.call(customer.key(), "DataDump.add", params("path", "b")).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void concurrentAddsQueueOneJob(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        CustomerKey customer = fixture.newCustomer(fixture.newAdmin(false).admin());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                String path = "race" + i;
                answers.add(pool.submit(() -> fixture.client.call(customer.key(), "DataDump.add", params("path", path))));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Response> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS).status());
            }

            assertThat(statuses).as(statuses.toString()).containsOnly(200, 409);
            assertThat(Collections.frequency(statuses, 200)).as(statuses.toString()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(fixture.client.call(customer.key(), "DataDump.listingCount", null).data().asLong()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void addReturnsContractFields(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        AdminKey admin = fixture.newAdmin(false);
        Customer customer = fixture.newCustomer(admin.admin()).customer();

        Response add = fixture.client.call(admin.key(), "DataDump.add", params("path", "/exports//2026/",
                "customerid", customer.id(), "dump_dbs", 1, "dump_mail", "0", "dump_web", true));
        JsonNode data = add.data();

        assertThat(add.status()).isEqualTo(200);
        assertThat(fieldNames(data)).containsExactly("customerid", "uid", "gid", "loginname", "destdir",
                "pgp_public_key", "dump_dbs", "dump_mail", "dump_web", "id", "status");
        assertThat(data.get("customerid").asLong()).isEqualTo(customer.id());
        assertThat(data.get("uid").asInt()).isEqualTo(customer.uid());
        assertThat(data.get("gid").asInt()).isEqualTo(customer.gid());
        assertThat(data.get("loginname").asText()).isEqualTo(customer.loginName());
        assertThat(data.get("destdir").asText()).isEqualTo(customer.documentRoot() + "/exports/2026/");
        assertThat(data.get("pgp_public_key").asText()).isEmpty();
        assertThat(data.get("dump_dbs").isTextual()).isTrue();
        assertThat(data.get("dump_dbs").asText()).isEqualTo("1");
        assertThat(data.get("dump_mail").asText()).isEqualTo("0");
        assertThat(data.get("dump_web").asText()).isEqualTo("1");
        assertThat(data.get("status").asText()).isEqualTo("planned");

        String node = fixture.store.withConnection(connection -> Jdbc.queryOne(connection,
                "SELECT node FROM jobs WHERE id = ?", row -> row.getString(1), data.get("id").asLong())).orElseThrow();
        assertThat(node).isEqualTo(customer.node());
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void flagsFollowIntegerReading(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        CustomerKey customer = fixture.newCustomer(fixture.newAdmin(false).admin());
        List<Object> trueValues = Arrays.asList(1, "1", 2, true, " 1 ", "3", 1.5, "-1");
        List<Object> falseValues = Arrays.asList(0, "0", "", false, null, "yes", "true", 0.5, " ");

        for (Object value : trueValues) {
            assertThat(addWithFlag(fixture, customer, value)).as("dump_dbs=%s", value).isEqualTo("1");
        }
        for (Object value : falseValues) {
            assertThat(addWithFlag(fixture, customer, value)).as("dump_dbs=%s", value).isEqualTo("0");
        }
        Map<String, Object> absent = params("path", "x");
        Response withoutFlags = fixture.client.call(customer.key(), "DataDump.add", absent);
        assertThat(withoutFlags.data().get("dump_dbs").asText()).isEqualTo("0");
        assertThat(withoutFlags.data().get("dump_mail").asText()).isEqualTo("0");
        assertThat(withoutFlags.data().get("dump_web").asText()).isEqualTo("0");

        Response objectFlag = fixture.client.call(customer.key(), "DataDump.add",
                params("path", "y", "dump_web", Map.of("a", 1)));
        assertThat(objectFlag.status()).isEqualTo(400);
        assertThat(objectFlag.message()).contains("dump_web");
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void stringsTrimmedNumbersAsStrings(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        AdminKey admin = fixture.newAdmin(false);
        Customer first = fixture.newCustomer(admin.admin()).customer();
        Customer second = fixture.newCustomer(admin.admin()).customer();

        Response byLogin = fixture.client.call(admin.key(), "DataDump.add",
                params("path", "  exports  ", "loginname", "  " + first.loginName() + "\t"));
        Response byIdString = fixture.client.call(admin.key(), "DataDump.add",
                params("path", "exports", "customerid", " " + second.id() + " "));
        Response byBadId = fixture.client.call(admin.key(), "DataDump.add", params("path", "exports", "customerid", "x1"));
        Response deleteByString = fixture.client.call(admin.key(), "DataDump.delete",
                params("job_entry", String.valueOf(byIdString.data().get("id").asLong())));
        Response deleteByBadNumber = fixture.client.call(admin.key(), "DataDump.delete", params("job_entry", "one"));

        assertThat(byLogin.status()).as(byLogin.toString()).isEqualTo(200);
        assertThat(byLogin.data().get("destdir").asText()).isEqualTo(first.documentRoot() + "/exports/");
        assertThat(byIdString.status()).as(byIdString.toString()).isEqualTo(200);
        assertThat(byIdString.data().get("customerid").asLong()).isEqualTo(second.id());
        assertThat(byBadId.status()).isEqualTo(400);
        assertThat(byBadId.message()).contains("customerid");
        assertThat(deleteByString.status()).isEqualTo(200);
        assertThat(deleteByString.data().asBoolean()).isTrue();
        assertThat(deleteByBadNumber.status()).isEqualTo(400);
        assertThat(deleteByBadNumber.message()).contains("job_entry");
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void pathIsNormalisedOrRejected(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        CustomerKey customer = fixture.newCustomer(fixture.newAdmin(false).admin());
        String root = customer.customer().documentRoot();
        Map<String, String> normalised = Map.of(
                "exports", "exports", "/exports/", "exports", "//a///b//", "a/b", "./a/./b/.", "a/b",
                "a b/ü", "a b/ü", "..x/y..", "..x/y..");
        for (Map.Entry<String, String> path : normalised.entrySet()) {
            Response response = fixture.client.call(customer.key(), "DataDump.add", params("path", path.getKey()));
            assertThat(response.status()).as(path.getKey() + ": " + response).isEqualTo(200);
            assertThat(response.data().get("destdir").asText()).as(path.getKey())
                    .isEqualTo(root + "/" + path.getValue() + "/");
            cancel(fixture, customer.key(), response);
        }

        Map<String, String> rejected = new LinkedHashMap<>();
        rejected.put("..", "'..'");
        rejected.put("../other", "'..'");
        rejected.put("a/../../etc", "'..'");
        rejected.put("a/..", "'..'");
        rejected.put("a\u0000b", "control characters");
        rejected.put("a\nb", "control characters");
        rejected.put("a\u007fb", "control characters");
        rejected.put("/", "document root itself");
        rejected.put("///", "document root itself");
        rejected.put(".", "document root itself");
        rejected.put("./.", "document root itself");
        rejected.put("a".repeat(256), "255 bytes");
        rejected.put(String.join("/", Collections.nCopies(206, "abcd")), "at most 1024");
        for (Map.Entry<String, String> path : rejected.entrySet()) {
            Response response = fixture.client.call(customer.key(), "DataDump.add", params("path", path.getKey()));
            assertThat(response.status()).as(path.getKey()).isEqualTo(400);
            assertThat(response.message()).as(path.getKey()).contains(path.getValue());
        }
        assertThat(fixture.client.call(customer.key(), "DataDump.listingCount", null).data().asLong()).isZero();
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void pgpKeysAreValidated(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        CustomerKey customer = fixture.newCustomer(fixture.newAdmin(false).admin());
        TestKeys keys = TestKeys.get();

        Response valid = fixture.client.call(customer.key(), "DataDump.add",
                params("path", "x", "pgp_public_key", "\n" + keys.valid + "\n"));
        assertThat(valid.status()).as(valid.toString()).isEqualTo(200);
        assertThat(valid.data().get("pgp_public_key").asText()).isEqualTo(keys.valid.trim());
        cancel(fixture, customer.key(), valid);

        Map<String, String> rejected = Map.of(keys.expired, "expired", keys.revoked, "revoked",
                keys.signOnly, "no encryption key", "not a key", "ASCII-armoured",
                "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\ngarbage\n-----END PGP PUBLIC KEY BLOCK-----", "cannot");
        for (Map.Entry<String, String> key : rejected.entrySet()) {
            Response response = fixture.client.call(customer.key(), "DataDump.add",
                    params("path", "x", "pgp_public_key", key.getKey()));
            assertThat(response.status()).as(key.getValue()).isEqualTo(400);
            assertThat(response.message()).as(key.getValue()).contains("pgp_public_key").contains(key.getValue());
        }
        Response blank = fixture.client.call(customer.key(), "DataDump.add", params("path", "x", "pgp_public_key", " "));
        assertThat(blank.status()).isEqualTo(200);
        assertThat(blank.data().get("pgp_public_key").asText()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void internalErrorGets500WithoutDetails(Kind kind) throws Exception {
        String url = TestStores.create(kind);
        Credentials key;
        try (Store broken = Store.open(url)) {
            Admin admin = new AdminRepository(broken).add("root", true, true);
            ApiKeyRepository.IssuedKey issued = new ApiKeyRepository(broken).issue(admin.id(), null, null, "");
            key = new Credentials(issued.key().key(), issued.secret());
            broken.withConnection(connection -> Jdbc.update(connection, "DROP TABLE jobs"));
        }

        try (ServerProcess server = ServerProcess.start(url, "127.0.0.1")) {
            Response response = new ApiClient(server.url()).call(key, "DataDump.listing", null);

            assertThat(response.status()).isEqualTo(500);
            assertThat(fieldNames(response.body())).containsExactly("message");
            assertThat(response.message()).startsWith("internal server error").doesNotContainIgnoringCase("select")
                    .doesNotContainIgnoringCase("sql").doesNotContain("jobs").doesNotContain("Exception")
                    .doesNotContain("at dev.");
            String reference = response.message().replaceAll(".*reference (\\w+).*", "$1");
            assertThat(server.log()).contains("reference " + reference);
        }
    }

    private static String addWithFlag(ApiFixture fixture, CustomerKey customer, Object value) throws Exception {
        Response response = fixture.client.call(customer.key(), "DataDump.add",
                params("path", "flags", "dump_dbs", value));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        cancel(fixture, customer.key(), response);
        return response.data().get("dump_dbs").asText();
    }

    private static void cancel(ApiFixture fixture, Credentials key, Response added) throws Exception {
        Response deleted = fixture.client.call(key, "DataDump.delete", params("job_entry", added.data().get("id")));
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
