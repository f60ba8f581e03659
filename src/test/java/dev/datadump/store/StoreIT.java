package dev.datadump.store;

import dev.datadump.model.Admin;
import dev.datadump.model.Customer;
import dev.datadump.model.Job;
import dev.datadump.model.JobStatus;
import dev.datadump.testing.TestStores;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The repositories on SQLite, MariaDB and PostgreSQL. */
class StoreIT {

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void freshStoreHasApiAndExportEnabled(TestStores.Kind kind) {
        try (Store store = Store.open(TestStores.create(kind))) {
            SettingRepository settings = new SettingRepository(store);

            assertThat(settings.isEnabled(SettingRepository.API_ENABLED)).isTrue();
            assertThat(settings.isEnabled(SettingRepository.EXPORT_ENABLED)).isTrue();
            assertThat(settings.get(SettingRepository.CUSTOMER_HIDE_OPTIONS)).contains("");
        }
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void reopeningMigratedStoreKeepsData(TestStores.Kind kind) {
        String url = TestStores.create(kind);
        try (Store store = Store.open(url)) {
            new AdminRepository(store).add("alice", true, true);
        }
        try (Store store = Store.open(url)) {
            assertThat(new AdminRepository(store).findByName("alice")).map(Admin::customersSeeAll).contains(true);
        }
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void duplicateNamesAreRejected(TestStores.Kind kind) {
        try (Store store = Store.open(TestStores.create(kind))) {
            AdminRepository admins = new AdminRepository(store);
            Admin admin = admins.add("alice", false, true);
            CustomerRepository customers = new CustomerRepository(store);
            customers.add("web1", "/var/customers/webs/web1", 10001, 10001, admin.id(), Customer.DEFAULT_NODE);

            assertThatThrownBy(() -> admins.add("alice", false, true)).isInstanceOf(DuplicateException.class);
            assertThatThrownBy(() -> customers.add("web1", "/srv/other", 1, 1, admin.id(), Customer.DEFAULT_NODE))
                    .isInstanceOf(DuplicateException.class)
                    .hasMessageContaining("web1");
        }
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void secondUnfinishedJobOfCustomerIsRejected(TestStores.Kind kind) {
        try (Store store = Store.open(TestStores.create(kind))) {
            Admin admin = new AdminRepository(store).add("alice", false, true);
            CustomerRepository customers = new CustomerRepository(store);
            Customer web1 = customers.add("web1", "/var/customers/webs/web1", 10001, 10001, admin.id(), "default");
            Customer web2 = customers.add("web2", "/var/customers/webs/web2", 10002, 10002, admin.id(), "default");
            JobRepository jobs = new JobRepository(store);

            Job first = jobs.add(newJob(web1));

            assertThat(first.status()).isEqualTo(JobStatus.PLANNED);
            assertThat(first.dumpWeb()).isTrue();
            assertThat(first.dumpDbs()).isFalse();
            assertThatThrownBy(() -> jobs.add(newJob(web1))).isInstanceOf(DuplicateException.class);
            assertThat(jobs.add(newJob(web2)).customerId()).isEqualTo(web2.id());
            assertThat(jobs.list(false)).hasSize(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestStores.Kind.class)
    void apiKeySecretIsStoredOnlyAsHash(TestStores.Kind kind) {
        try (Store store = Store.open(TestStores.create(kind))) {
            Admin admin = new AdminRepository(store).add("alice", false, true);
            ApiKeyRepository keys = new ApiKeyRepository(store);

            ApiKeyRepository.IssuedKey issued = keys.issue(admin.id(), null, null, "127.0.0.1");
            var stored = keys.findByKey(issued.key().key()).orElseThrow();

            assertThat(stored.secretHash()).isNotEqualTo(issued.secret());
            assertThat(ApiKeyRepository.secretMatches(stored, issued.secret())).isTrue();
            assertThat(ApiKeyRepository.secretMatches(stored, issued.secret() + "x")).isFalse();
            assertThat(stored.allowedFrom()).isEqualTo("127.0.0.1");
            assertThat(stored.adminId()).isEqualTo(admin.id());
            assertThat(stored.customerId()).isNull();
        }
    }

    private static JobRepository.NewJob newJob(Customer customer) {
        return new JobRepository.NewJob(customer.id(), customer.node(), "exports",
                customer.documentRoot() + "/exports/", null, false, true, true);
    }
}
