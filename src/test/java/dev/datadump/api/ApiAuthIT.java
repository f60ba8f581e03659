package dev.datadump.api;

import dev.datadump.api.ApiClient.Credentials;
import dev.datadump.api.ApiClient.Response;
import dev.datadump.api.ApiFixture.AdminKey;
import dev.datadump.api.ApiFixture.CustomerKey;
import dev.datadump.store.AdminRepository;
import dev.datadump.store.CustomerRepository;
import dev.datadump.store.SettingRepository;
import dev.datadump.testing.TestStores.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Authentication, key restrictions, the API switch, rate limits and shutdown, over real HTTP. */
class ApiAuthIT {

    private static final String KINDS = "dev.datadump.testing.TestStores#kinds";

    @ParameterizedTest
    @MethodSource(KINDS)
    void missingCredentialsGet401WithChallenge(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);

        Response response = fixture.client.call(null, "DataDump.listing", null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Basic realm=\"API\"");
        assertThat(response.message()).contains("Basic");
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void nonBasicOrMalformedCredentialsGet401(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);

        for (String header : new String[]{"Bearer abc", "Basic %%%notbase64", "Basic bm9jb2xvbg=="}) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(fixture.server.url()))
                            .header("Authorization", header)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"command\":\"DataDump.listing\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(header).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(header).hasValue("Basic realm=\"API\"");
            assertThat(response.body()).as(header).startsWith("{\"message\":");
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void unknownKeyAndWrongSecretGet403(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        AdminKey admin = fixture.newAdmin(false);

        Response unknown = fixture.client.call(new Credentials("nokey", "nosecret"), "DataDump.listing", null);
        Response wrongSecret = fixture.client.call(new Credentials(admin.key().key(), "wrong"), "DataDump.listing", null);

        assertThat(unknown.status()).isEqualTo(403);
        assertThat(unknown.message()).isEqualTo("invalid API key or secret");
        assertThat(wrongSecret.status()).isEqualTo(403);
        assertThat(wrongSecret.message()).isEqualTo("invalid API key or secret");
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void expiredKeyGets403(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        AdminKey admin = fixture.newAdmin(false);
        long past = Instant.now().minus(Duration.ofMinutes(1)).toEpochMilli();
        long future = Instant.now().plus(Duration.ofDays(1)).toEpochMilli();
        Credentials expired = fixture.issue(admin.admin().id(), null, past, "");
        Credentials valid = fixture.issue(admin.admin().id(), null, future, "");

        Response expiredResponse = fixture.client.call(expired, "DataDump.listing", null);
        Response validResponse = fixture.client.call(valid, "DataDump.listing", null);

        assertThat(expiredResponse.status()).isEqualTo(403);
        assertThat(expiredResponse.message()).contains("expired");
        assertThat(validResponse.status()).isEqualTo(200);
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void allowedFromMatchesIpv4AndCidr(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        long adminId = fixture.newAdmin(false).admin().id();

        assertThat(fixture.client.call(fixture.issue(adminId, null, null, "127.0.0.1"), "DataDump.listing", null)
                .status()).isEqualTo(200);
        assertThat(fixture.client.call(fixture.issue(adminId, null, null, "192.0.2.1,127.0.0.0/8"),
                "DataDump.listing", null).status()).isEqualTo(200);
        Response single = fixture.client.call(fixture.issue(adminId, null, null, "192.0.2.1"), "DataDump.listing", null);
        Response range = fixture.client.call(fixture.issue(adminId, null, null, "10.0.0.0/8"), "DataDump.listing", null);
        Response ipv6Only = fixture.client.call(fixture.issue(adminId, null, null, "::1"), "DataDump.listing", null);

        assertThat(single.status()).isEqualTo(403);
        assertThat(single.message()).contains("127.0.0.1");
        assertThat(range.status()).isEqualTo(403);
        assertThat(ipv6Only.status()).isEqualTo(403);
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void allowedFromMatchesIpv6(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        long adminId = fixture.newAdmin(false).admin().id();

        try (ServerProcess server = ServerProcess.start(fixture.storeUrl, "[::1]")) {
            assertThat(server.url()).startsWith("http://[::1]:");
            ApiClient client = new ApiClient(server.url());

            assertThat(client.call(fixture.issue(adminId, null, null, "::1"), "DataDump.listing", null).status())
                    .isEqualTo(200);
            assertThat(client.call(fixture.issue(adminId, null, null, "::1/128"), "DataDump.listing", null).status())
                    .isEqualTo(200);
            assertThat(client.call(fixture.issue(adminId, null, null, "0:0:0:0:0:0:0:0/64"), "DataDump.listing", null)
                    .status()).isEqualTo(200);
            Response outside = client.call(fixture.issue(adminId, null, null, "2001:db8::/32"), "DataDump.listing",
                    null);
            Response ipv4Only = client.call(fixture.issue(adminId, null, null, "127.0.0.1"), "DataDump.listing", null);

            assertThat(outside.status()).isEqualTo(403);
            assertThat(outside.message()).contains("::1");
            assertThat(ipv4Only.status()).isEqualTo(403);
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void ownersWithoutApiOrDeactivatedGet403(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        AdminKey admin = fixture.newAdmin(false);
        CustomerKey blocked = fixture.newCustomer(admin.admin());
        CustomerKey deactivated = fixture.newCustomer(admin.admin());
        AdminKey noApiAdmin = fixture.newAdmin(false);
        new CustomerRepository(fixture.store).setApiAllowed(blocked.customer().loginName(), false);
        new CustomerRepository(fixture.store).setDeactivated(deactivated.customer().loginName(), true);
        new AdminRepository(fixture.store).setApiAllowed(noApiAdmin.admin().name(), false);

        Response blockedResponse = fixture.client.call(blocked.key(), "DataDump.listing", null);
        Response deactivatedResponse = fixture.client.call(deactivated.key(), "DataDump.listing", null);
        Response noApiResponse = fixture.client.call(noApiAdmin.key(), "DataDump.listing", null);

        assertThat(blockedResponse.status()).isEqualTo(403);
        assertThat(blockedResponse.message()).contains("not allowed");
        assertThat(deactivatedResponse.status()).isEqualTo(403);
        assertThat(deactivatedResponse.message()).contains("deactivated");
        assertThat(noApiResponse.status()).isEqualTo(403);
        assertThat(noApiResponse.message()).contains("not allowed");
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void disabledApiGets400BeforeAuthentication(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        AdminKey admin = fixture.newAdmin(false);
        fixture.setting(SettingRepository.API_ENABLED, "0");
        try {
            Response anonymous = fixture.client.call(null, "DataDump.listing", null);
            Response wrongSecret = fixture.client.call(new Credentials(admin.key().key(), "wrong"), "DataDump.listing",
                    null);
            Response valid = fixture.client.call(admin.key(), "DataDump.listing", null);

            assertThat(anonymous.status()).isEqualTo(400);
            assertThat(anonymous.header("WWW-Authenticate")).isNull();
            assertThat(anonymous.message()).contains("api.enabled");
            assertThat(wrongSecret.status()).isEqualTo(400);
            assertThat(valid.status()).isEqualTo(400);
        } finally {
            fixture.resetSettings();
        }
        assertThat(fixture.client.call(admin.key(), "DataDump.listing", null).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void rateLimitsApplyPerKeyAndPerAddress(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        AdminKey first = fixture.newAdmin(false);
        AdminKey second = fixture.newAdmin(false);

        try (ServerProcess server = ServerProcess.start(fixture.storeUrl, "127.0.0.1", "--rate-limit-key", "3",
                "--rate-limit-address", "5")) {
            ApiClient client = new ApiClient(server.url());
            for (int i = 1; i <= 3; i++) {
                assertThat(client.call(first.key(), "DataDump.listing", null).status()).as("request %d", i)
                        .isEqualTo(200);
            }
            Response keyLimited = client.call(first.key(), "DataDump.listing", null);
            Response otherKey = client.call(second.key(), "DataDump.listing", null);
            Response addressLimited = client.call(second.key(), "DataDump.listing", null);

            assertThat(keyLimited.status()).isEqualTo(429);
            assertThat(keyLimited.message()).contains("API key").contains("3 per minute");
            assertThat(keyLimited.header("Retry-After")).matches("\\d+");
            assertThat(otherKey.status()).isEqualTo(200);
            assertThat(addressLimited.status()).isEqualTo(429);
            assertThat(addressLimited.message()).contains("address").contains("5 per minute");
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void serverStopsCleanlyOnSigterm(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        AdminKey admin = fixture.newAdmin(false);
        ServerProcess server = ServerProcess.start(fixture.storeUrl, "127.0.0.1");
        assertThat(new ApiClient(server.url()).call(admin.key(), "DataDump.listing", null).status()).isEqualTo(200);

        long start = System.nanoTime();
        int exitCode = server.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        // 143 = 128 + SIGTERM: the JVM ends with it after its shutdown hooks ran.
        assertThat(exitCode).isEqualTo(143);
        String log = server.log();
        assertThat(log).contains("Stopping").contains("Stopped");
        assertThat(log).doesNotContain(passwordOf(fixture.storeUrl)).doesNotContain("Exception");
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void startLineHidesStorePassword(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);

        String startLine = fixture.server.log().lines().filter(line -> line.contains("listening on")).findFirst()
                .orElseThrow();

        assertThat(startLine).contains("http://127.0.0.1:").contains("store jdbc:");
        assertThat(startLine).doesNotContain(passwordOf(fixture.storeUrl));
    }

    private static String passwordOf(String url) {
        int start = url.indexOf("password=");
        if (start < 0) {
            return "\u0000no password\u0000";
        }
        int end = url.indexOf('&', start);
        return url.substring(start + "password=".length(), end < 0 ? url.length() : end);
    }
}
