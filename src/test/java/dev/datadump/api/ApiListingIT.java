package dev.datadump.api;

import dev.datadump.api.ApiClient.Credentials;
import dev.datadump.api.ApiClient.Response;
import dev.datadump.api.ApiFixture.AdminKey;
import dev.datadump.api.ApiFixture.CustomerKey;
import dev.datadump.model.Customer;
import dev.datadump.store.CustomerRepository;
import dev.datadump.store.JobRepository;
import dev.datadump.testing.TestStores.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.datadump.api.ApiClient.params;
import static dev.datadump.api.ApiScopeIT.ids;
import static org.assertj.core.api.Assertions.assertThat;

/** Search, sort and paging of DataDump.listing and listingCount, including hostile input. */
class ApiListingIT {

    private static final String KINDS = "dev.datadump.testing.TestStores#kinds";

    /** An admin with five customers, each with one planned job. */
    private record Tenant(AdminKey admin, List<Customer> customers, List<Long> jobs) {
    }

    private static Tenant tenant(ApiFixture fixture) throws Exception {
        AdminKey admin = fixture.newAdmin(false);
        // Letters only in the suffixes, so that the searches below cannot match the unique part.
        String prefix = "l" + ApiFixture.uniqueName("").replaceAll("[^0-9]", "") + "-";
        String[] suffixes = {"alpha", "beta", "gamma", "delta", "under_score"};
        List<Customer> customers = new ArrayList<>();
        List<Long> jobs = new ArrayList<>();
        for (int i = 0; i < suffixes.length; i++) {
            String login = prefix + suffixes[i];
            Customer customer = new CustomerRepository(fixture.store).add(login, "/srv/customers/" + login, 20000 + i,
                    20000 + i, admin.admin().id(), "default");
            customers.add(customer);
            Response added = fixture.client.call(admin.key(), "DataDump.add", params("path", "exports/" + i,
                    "customerid", customer.id(), "dump_dbs", i % 2, "dump_web", 1));
            assertThat(added.status()).as(added.toString()).isEqualTo(200);
            jobs.add(added.data().get("id").asLong());
        }
        return new Tenant(admin, customers, jobs);
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void searchOperatorsSelectJobs(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        Tenant tenant = tenant(fixture);
        List<Long> jobs = tenant.jobs();
        Credentials key = tenant.admin().key();

        assertThat(search(fixture, key, params("loginname", "AMM"))).containsExactly(jobs.get(2));
        assertThat(search(fixture, key, params("loginname", params("op", "", "value", "ta")))).containsExactly(
                jobs.get(1), jobs.get(3));
        assertThat(search(fixture, key, params("id", params("op", "in", "value", List.of(jobs.get(0),
                String.valueOf(jobs.get(4)), 0))))).containsExactly(jobs.get(0), jobs.get(4));
        assertThat(search(fixture, key, params("id", params("op", ">", "value", jobs.get(2))))).containsExactly(
                jobs.get(3), jobs.get(4));
        assertThat(search(fixture, key, params("id", params("op", "<", "value", jobs.get(1))))).containsExactly(
                jobs.get(0));
        assertThat(search(fixture, key, params("id", params("op", "<>", "value", jobs.get(1))))).containsExactly(
                jobs.get(0), jobs.get(2), jobs.get(3), jobs.get(4));
        assertThat(search(fixture, key, params("dump_dbs", "1"))).containsExactly(jobs.get(1), jobs.get(3));
        assertThat(search(fixture, key, params("dump_dbs", params("op", "=", "value", 0), "dump_web", 1)))
                .containsExactly(jobs.get(0), jobs.get(2), jobs.get(4));
        assertThat(search(fixture, key, params("customerid", tenant.customers().get(3).id())))
                .containsExactly(jobs.get(3));
        assertThat(search(fixture, key, params("status", params("op", "in", "value", List.of("planned", "done")))))
                .containsExactlyElementsOf(jobs);
        assertThat(search(fixture, key, params("destdir", "/exports/4/"))).containsExactly(jobs.get(4));
        long created = new JobRepository(fixture.store).findById(jobs.get(0)).orElseThrow().created() / 1000;
        assertThat(search(fixture, key, params("created", params("op", ">", "value", created - 1))))
                .containsExactlyElementsOf(jobs);
        assertThat(search(fixture, key, params("created", params("op", "<", "value", created)))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void likeWildcardsMatchLiterally(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        Tenant tenant = tenant(fixture);
        Credentials key = tenant.admin().key();

        assertThat(search(fixture, key, params("loginname", "_"))).containsExactly(tenant.jobs().get(4));
        assertThat(search(fixture, key, params("loginname", "%"))).isEmpty();
        assertThat(search(fixture, key, params("loginname", "!"))).isEmpty();
        assertThat(search(fixture, key, params("loginname", "r_s"))).containsExactly(tenant.jobs().get(4));
        assertThat(search(fixture, key, params("loginname", "a%a"))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void pagingFollowsPermissionFilter(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        Tenant other = tenant(fixture);
        Tenant tenant = tenant(fixture);
        List<Long> jobs = tenant.jobs();
        Credentials key = tenant.admin().key();

        Response byLoginDesc = fixture.client.call(key, "DataDump.listing",
                params("sql_orderby", params("loginname", "desc")));
        Response page = fixture.client.call(key, "DataDump.listing",
                params("sql_orderby", params("id", "DESC"), "sql_limit", 2, "sql_offset", "1"));
        Response lastPage = fixture.client.call(key, "DataDump.listing", params("sql_limit", "2", "sql_offset", 4));
        Response offsetOnly = fixture.client.call(key, "DataDump.listing", params("sql_offset", 3));
        Response twoKeys = fixture.client.call(key, "DataDump.listing",
                params("sql_orderby", params("dump_dbs", "DESC", "id", "ASC")));
        Response count = fixture.client.call(key, "DataDump.listingCount",
                params("sql_search", params("dump_dbs", 0), "sql_limit", 1));

        // Logins end in alpha, beta, gamma, delta, under_score: descending is 4, 2, 3, 1, 0.
        assertThat(ids(byLoginDesc)).containsExactly(jobs.get(4), jobs.get(2), jobs.get(3), jobs.get(1), jobs.get(0));
        assertThat(ids(page)).containsExactly(jobs.get(3), jobs.get(2));
        assertThat(ids(lastPage)).containsExactly(jobs.get(4));
        assertThat(ids(offsetOnly)).containsExactly(jobs.get(3), jobs.get(4));
        assertThat(ids(twoKeys)).containsExactly(jobs.get(1), jobs.get(3), jobs.get(0), jobs.get(2), jobs.get(4));
        assertThat(count.data().asLong()).isEqualTo(3);
        assertThat(ids(page)).doesNotContainAnyElementsOf(other.jobs());
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void unknownSearchTermsGet400(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        Credentials key = tenant(fixture).admin().key();
        List<Map<String, Object>> cases = List.of(
                params("sql_search", params("path", "x")),
                params("sql_search", params("secret_hash", "x")),
                params("sql_search", params("ID", 1)),
                params("sql_search", params("id; DROP TABLE jobs; --", 1)),
                params("sql_search", params("1=1 OR id", 1)),
                params("sql_orderby", params("c.admin_id", "ASC")),
                params("sql_orderby", params("(SELECT 1)", "ASC")),
                params("sql_orderby", params("id", "DESC; DROP TABLE jobs")),
                params("sql_orderby", params("id", "sideways")),
                params("sql_search", params("id", params("op", "LIKE", "value", 1))),
                params("sql_search", params("id", params("op", ">=", "value", 1))),
                params("sql_search", params("id", params("op", "in", "value", 1))),
                params("sql_search", params("id", params("op", "in", "value", List.of()))),
                params("sql_search", params("id", params("op", "="))),
                params("sql_search", params("id", "abc")),
                params("sql_search", params("created", params("op", ">", "value", "yesterday"))),
                params("sql_search", params("loginname", List.of("a"))),
                params("sql_search", "loginname"),
                params("sql_orderby", List.of("id")),
                params("sql_limit", -1),
                params("sql_offset", "x"));
        List<String> mustName = List.of("path", "secret_hash", "ID", "id; DROP TABLE jobs; --", "1=1 OR id",
                "c.admin_id", "(SELECT 1)", "DESC; DROP TABLE jobs", "sideways", "LIKE", ">=", "in", "in", "value",
                "abc", "yesterday", "loginname", "sql_search", "sql_orderby", "sql_limit", "sql_offset");

        for (int i = 0; i < cases.size(); i++) {
            Response response = fixture.client.call(key, "DataDump.listing", cases.get(i));
            assertThat(response.status()).as(cases.get(i).toString()).isEqualTo(400);
            assertThat(response.message()).as(cases.get(i).toString()).contains(mustName.get(i));
            Response count = fixture.client.call(key, "DataDump.listingCount", cases.get(i));
            boolean pagingOnly = cases.get(i).containsKey("sql_limit") || cases.get(i).containsKey("sql_offset")
                    || cases.get(i).containsKey("sql_orderby");
            if (!pagingOnly) {
                assertThat(count.status()).as("count " + cases.get(i)).isEqualTo(400);
            }
        }
        assertThat(fixture.client.call(key, "DataDump.listingCount", null).data().asLong()).isEqualTo(5);
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void overlongSearchValueIsNot500(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        Credentials key = tenant(fixture).admin().key();
        // SQLite rejects LIKE patterns over 50,000 bytes by default ("LIKE or GLOB pattern too complex").
        Map<String, Object> search = params("sql_search", params("loginname", "x".repeat(100_000)));
        for (String command : List.of("DataDump.listing", "DataDump.listingCount")) {
            Response response = fixture.client.call(key, command, search);
            assertThat(response.status()).as(command).isEqualTo(400);
            assertThat(response.message()).as(command).contains("'loginname'").contains("at most 4096");
        }
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void injectionInValuesIsBound(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        Tenant tenant = tenant(fixture);
        Credentials key = tenant.admin().key();
        List<Object> hostile = List.of("' OR '1'='1", "x' OR 1=1 --", "'); DROP TABLE jobs; --",
                "\\' OR 1=1 #", "%' OR '%'='");

        for (Object value : hostile) {
            assertThat(search(fixture, key, params("loginname", value))).as(value.toString()).isEmpty();
            assertThat(search(fixture, key, params("loginname", params("op", "=", "value", value)))).isEmpty();
            assertThat(search(fixture, key, params("status", params("op", "in", "value", List.of(value, "x")))))
                    .isEmpty();
        }
        Response numericInjection = fixture.client.call(key, "DataDump.listing",
                params("sql_search", params("id", "1 OR 1=1")));
        assertThat(numericInjection.status()).isEqualTo(400);
        assertThat(fixture.client.call(key, "DataDump.listingCount", null).data().asLong()).isEqualTo(5);
        assertThat(new JobRepository(fixture.store).list(false)).isNotEmpty();
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void customerSearchStaysWithinOwnJobs(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        Tenant tenant = tenant(fixture);
        CustomerKey outsider = fixture.newCustomer(tenant.admin().admin());
        long own = fixture.client.call(outsider.key(), "DataDump.add", params("path", "mine")).data().get("id").asLong();

        Response all = fixture.client.call(outsider.key(), "DataDump.listing",
                params("sql_search", params("id", params("op", ">", "value", 0)), "sql_limit", 100));
        Response count = fixture.client.call(outsider.key(), "DataDump.listingCount",
                params("sql_search", params("status", "plan")));

        assertThat(ids(all)).containsExactly(own);
        assertThat(count.data().asLong()).isEqualTo(1);
    }

    private static List<Long> search(ApiFixture fixture, Credentials key, Map<String, Object> search) throws Exception {
        Response listing = fixture.client.call(key, "DataDump.listing", params("sql_search", search));
        List<Long> ids = ids(listing);
        Response count = fixture.client.call(key, "DataDump.listingCount", params("sql_search", search));
        assertThat(count.data().asLong()).as("listingCount of " + search).isEqualTo(ids.size());
        return ids;
    }
}
