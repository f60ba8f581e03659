package dev.datadump.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.datadump.api.ApiClient.Response;
import dev.datadump.api.ApiFixture.AdminKey;
import dev.datadump.api.ApiFixture.CustomerKey;
import dev.datadump.model.Job;
import dev.datadump.model.JobStatus;
import dev.datadump.store.JobRepository;
import dev.datadump.testing.TestStores.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static dev.datadump.api.ApiClient.params;
import static org.assertj.core.api.Assertions.assertThat;

/** Which caller sees and changes which jobs, and what delete does in each job state. */
class ApiScopeIT {

    private static final String KINDS = "dev.datadump.testing.TestStores#kinds";

    @ParameterizedTest
    @MethodSource(KINDS)
    void customerSeesAndDeletesOnlyOwnJobs(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        AdminKey admin = fixture.newAdmin(false);
        CustomerKey a = fixture.newCustomer(admin.admin());
        CustomerKey b = fixture.newCustomer(admin.admin());
        long jobA = add(fixture, a);
        long jobB = add(fixture, b);

        Response listingA = fixture.client.call(a.key(), "DataDump.listing", null);
        Response countA = fixture.client.call(a.key(), "DataDump.listingCount", null);
        Response deleteB = fixture.client.call(a.key(), "DataDump.delete", params("job_entry", jobB));
        Response searchB = fixture.client.call(a.key(), "DataDump.listing",
                params("sql_search", params("id", params("op", "=", "value", jobB))));

        assertThat(ids(listingA)).containsExactly(jobA);
        assertThat(countA.data().asLong()).isEqualTo(1);
        assertThat(deleteB.status()).isEqualTo(404);
        assertThat(deleteB.message()).contains(String.valueOf(jobB));
        assertThat(ids(searchB)).isEmpty();
        assertThat(new JobRepository(fixture.store).findById(jobB).orElseThrow().status()).isEqualTo(JobStatus.PLANNED);
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void customerNamingAnotherCustomerGets401(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        AdminKey admin = fixture.newAdmin(false);
        CustomerKey a = fixture.newCustomer(admin.admin());
        CustomerKey b = fixture.newCustomer(admin.admin());

        Response addById = fixture.client.call(a.key(), "DataDump.add",
                params("path", "x", "customerid", b.customer().id()));
        Response addByLogin = fixture.client.call(a.key(), "DataDump.add",
                params("path", "x", "loginname", b.customer().loginName()));
        Response listById = fixture.client.call(a.key(), "DataDump.listing", params("customerid", b.customer().id()));
        Response countByLogin = fixture.client.call(a.key(), "DataDump.listingCount",
                params("loginname", b.customer().loginName()));
        Response unknownLogin = fixture.client.call(a.key(), "DataDump.listing", params("loginname", "nobody"));
        Response self = fixture.client.call(a.key(), "DataDump.add",
                params("path", "x", "customerid", a.customer().id(), "loginname", a.customer().loginName()));

        for (Response response : List.of(addById, addByLogin, listById, countByLogin, unknownLogin)) {
            assertThat(response.status()).as(response.toString()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).isEqualTo("Basic realm=\"API\"");
        }
        assertThat(self.status()).as(self.toString()).isEqualTo(200);
        assertThat(self.data().get("customerid").asLong()).isEqualTo(a.customer().id());
        assertThat(fixture.client.call(b.key(), "DataDump.listingCount", null).data().asLong()).isZero();
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void adminReachesOnlyOwnCustomers(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        AdminKey alice = fixture.newAdmin(false);
        AdminKey bob = fixture.newAdmin(false);
        AdminKey root = fixture.newAdmin(true);
        CustomerKey ofAlice = fixture.newCustomer(alice.admin());
        CustomerKey ofBob = fixture.newCustomer(bob.admin());
        long jobOfAlice = add(fixture, ofAlice);
        long jobOfBob = add(fixture, ofBob);

        Response addForBob = fixture.client.call(alice.key(), "DataDump.add",
                params("path", "x", "loginname", ofBob.customer().loginName()));
        Response addForBobById = fixture.client.call(alice.key(), "DataDump.add",
                params("path", "x", "customerid", ofBob.customer().id()));
        Response addForUnknown = fixture.client.call(alice.key(), "DataDump.add",
                params("path", "x", "customerid", 999_999_999));
        Response listBob = fixture.client.call(alice.key(), "DataDump.listing",
                params("customerid", ofBob.customer().id()));
        Response deleteBob = fixture.client.call(alice.key(), "DataDump.delete", params("job_entry", jobOfBob));
        Response listAlice = fixture.client.call(alice.key(), "DataDump.listing", null);
        Response listRoot = fixture.client.call(root.key(), "DataDump.listing",
                params("sql_search", params("id", params("op", "in", "value", List.of(jobOfAlice, jobOfBob)))));
        Response rootNarrowed = fixture.client.call(root.key(), "DataDump.listing",
                params("loginname", ofBob.customer().loginName()));

        assertThat(addForBob.status()).isEqualTo(404);
        assertThat(addForBob.message()).contains(ofBob.customer().loginName());
        assertThat(addForBobById.status()).isEqualTo(404);
        assertThat(addForUnknown.status()).isEqualTo(404);
        assertThat(addForUnknown.message()).contains("999999999");
        assertThat(listBob.status()).isEqualTo(404);
        assertThat(deleteBob.status()).isEqualTo(404);
        assertThat(deleteBob.message()).contains(String.valueOf(jobOfBob));
        assertThat(ids(listAlice)).containsExactly(jobOfAlice);
        assertThat(ids(listRoot)).containsExactly(jobOfAlice, jobOfBob);
        assertThat(ids(rootNarrowed)).containsExactly(jobOfBob);
        assertThat(fixture.client.call(root.key(), "DataDump.delete", params("job_entry", jobOfBob)).status())
                .isEqualTo(200);
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void adminNamingTwoCustomersGets400(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        AdminKey alice = fixture.newAdmin(false);
        AdminKey bob = fixture.newAdmin(false);
        CustomerKey ofAlice = fixture.newCustomer(alice.admin());
        CustomerKey otherOfAlice = fixture.newCustomer(alice.admin());
        CustomerKey ofBob = fixture.newCustomer(bob.admin());

        Response twoOwn = fixture.client.call(alice.key(), "DataDump.add", params("path", "x",
                "customerid", ofAlice.customer().id(), "loginname", otherOfAlice.customer().loginName()));
        Response ownIdForeignLogin = fixture.client.call(alice.key(), "DataDump.add", params("path", "x",
                "customerid", ofAlice.customer().id(), "loginname", ofBob.customer().loginName()));
        Response both = fixture.client.call(alice.key(), "DataDump.add", params("path", "x",
                "customerid", ofAlice.customer().id(), "loginname", ofAlice.customer().loginName()));

        assertThat(twoOwn.status()).isEqualTo(400);
        assertThat(twoOwn.message()).contains("name different customers");
        assertThat(ownIdForeignLogin.status()).isEqualTo(400);
        assertThat(both.status()).as(both.toString()).isEqualTo(200);
        assertThat(fixture.client.call(bob.key(), "DataDump.listingCount", null).data().asLong()).isZero();
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void deleteCancelsPlannedJob(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        CustomerKey customer = fixture.newCustomer(fixture.newAdmin(false).admin());
        long jobId = add(fixture, customer);

        Response deleted = fixture.client.call(customer.key(), "DataDump.delete", params("job_entry", jobId));
        Response again = fixture.client.call(customer.key(), "DataDump.delete", params("job_entry", jobId));
        Response current = fixture.client.call(customer.key(), "DataDump.listing", null);
        Response history = fixture.client.call(customer.key(), "DataDump.listing", params("history", 1));
        Response historyCount = fixture.client.call(customer.key(), "DataDump.listingCount", params("history", "1"));

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.data().isBoolean()).isTrue();
        assertThat(deleted.data().booleanValue()).isTrue();
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.message()).contains(String.valueOf(jobId));
        assertThat(ids(current)).isEmpty();
        assertThat(ids(history)).containsExactly(jobId);
        assertThat(historyCount.data().asLong()).isEqualTo(1);
        JsonNode entry = history.data().get("list").get(0);
        assertThat(entry.get("status").asText()).isEqualTo("cancelled");
        assertThat(entry.get("finished").isIntegralNumber()).isTrue();
        assertThat(entry.get("finished").asLong()).isGreaterThanOrEqualTo(entry.get("created").asLong());
        assertThat(entry.get("started").isNull()).isTrue();
        Job stored = new JobRepository(fixture.store).findById(jobId).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(stored.finished()).isNotNull();
        assertThat(fixture.client.call(customer.key(), "DataDump.add", params("path", "x")).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void deleteRequestsRunningJobCancel(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        CustomerKey customer = fixture.newCustomer(fixture.newAdmin(false).admin());
        long jobId = add(fixture, customer);
        long now = System.currentTimeMillis();
        fixture.update("UPDATE jobs SET status = 'running', started = ?, worker = 'test' WHERE id = ?", now, jobId);

        Response deleted = fixture.client.call(customer.key(), "DataDump.delete", params("job_entry", jobId));
        Response listing = fixture.client.call(customer.key(), "DataDump.listing", null);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.data().booleanValue()).isTrue();
        Job stored = new JobRepository(fixture.store).findById(jobId).orElseThrow();
        assertThat(stored.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(stored.cancelRequested()).isTrue();
        JsonNode entry = listing.data().get("list").get(0);
        assertThat(entry.get("status").asText()).isEqualTo("running");
        assertThat(entry.get("started").asLong()).isEqualTo(now / 1000);
    }

    @ParameterizedTest
    @MethodSource(KINDS)
    void finishedJobsAreNotDeletable(Kind kind) throws Exception {
        ApiFixture fixture = ApiFixture.of(kind);
        CustomerKey customer = fixture.newCustomer(fixture.newAdmin(false).admin());
        long done = add(fixture, customer);
        fixture.update("UPDATE jobs SET status = 'done', started = 1700000000000, finished = 1700000065432,"
                + " active_customer = NULL, archive = 'web-export_202311142213.tar.gz', size = 4096,"
                + " sha256 = 'ab12' WHERE id = ?", done);
        long failed = add(fixture, customer);
        fixture.update("UPDATE jobs SET status = 'failed', started = 1700000100000, finished = 1700000100999,"
                + " active_customer = NULL, error = 'not enough free space' WHERE id = ?", failed);

        Response deleteDone = fixture.client.call(customer.key(), "DataDump.delete", params("job_entry", done));
        Response deleteFailed = fixture.client.call(customer.key(), "DataDump.delete", params("job_entry", failed));
        Response current = fixture.client.call(customer.key(), "DataDump.listing", null);
        Response history = fixture.client.call(customer.key(), "DataDump.listing",
                params("history", true, "sql_orderby", params("id", "ASC")));

        assertThat(deleteDone.status()).isEqualTo(404);
        assertThat(deleteDone.message()).contains(String.valueOf(done));
        assertThat(deleteFailed.status()).isEqualTo(404);
        assertThat(ids(current)).isEmpty();
        JsonNode doneEntry = history.data().get("list").get(0);
        assertThat(doneEntry.get("status").asText()).isEqualTo("done");
        assertThat(doneEntry.get("started").asLong()).isEqualTo(1700000000L);
        assertThat(doneEntry.get("finished").asLong()).isEqualTo(1700000065L);
        assertThat(doneEntry.get("archive").asText()).isEqualTo("web-export_202311142213.tar.gz");
        assertThat(doneEntry.get("size").asLong()).isEqualTo(4096);
        assertThat(doneEntry.get("sha256").asText()).isEqualTo("ab12");
        assertThat(doneEntry.has("error")).isFalse();
        JsonNode failedEntry = history.data().get("list").get(1);
        assertThat(failedEntry.get("status").asText()).isEqualTo("failed");
        assertThat(failedEntry.get("error").asText()).isEqualTo("not enough free space");
        assertThat(failedEntry.has("archive")).isFalse();
        assertThat(failedEntry.get("type").asInt()).isEqualTo(20);
        assertThat(failedEntry.get("data").get("dump_web").asText()).isEqualTo("1");
    }

    private static long add(ApiFixture fixture, CustomerKey customer) throws Exception {
        Response response = fixture.client.call(customer.key(), "DataDump.add", params("path", "exports", "dump_web", 1));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.data().get("id").asLong();
    }

    static List<Long> ids(Response listing) {
        assertThat(listing.status()).as(listing.toString()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        for (JsonNode entry : listing.data().get("list")) {
            ids.add(entry.get("id").asLong());
        }
        assertThat(listing.data().get("count").asInt()).isEqualTo(ids.size());
        return ids;
    }
}
