package dev.datadump.export;

import dev.datadump.export.EngineTestSupport.TestUser;
import dev.datadump.model.Customer;
import dev.datadump.model.CustomerDatabase;
import dev.datadump.model.DatabaseServer;
import dev.datadump.model.MailAccount;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.datadump.export.EngineTestSupport.check;
import static dev.datadump.export.EngineTestSupport.extract;
import static dev.datadump.export.EngineTestSupport.job;
import static dev.datadump.export.EngineTestSupport.tarNames;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine end to end on a realistic customer: WordPress sites and uploads as web files,
 * maildirs owned by a separate mail user, a MariaDB database, a GnuPG key pair. Archives are
 * checked with the standard tools (gpg, GNU tar, sha256sum, the mariadb client).
 */
class ExportEngineIT {

    private static final int MAILBOXES = 4;

    private static Path base;
    private static Path documentRoot;
    private static Path mailHome;
    private static TestUser customerUser;
    private static TestUser mailUser;
    private static TestDatabases databases;
    private static String databaseName;
    private static TestKey key;
    private static PipelineExportEngine engine;

    @BeforeAll
    static void buildCustomer() throws IOException {
        EngineTestSupport.requireTools("gpg", "tar", "setpriv", "mariadb-dump", "mariadb", "sha256sum", "useradd");
        base = EngineTestSupport.openTemporaryFolder("engine-it");
        Path corpus = base.resolve("corpus");
        String script = System.getenv().getOrDefault("DATADUMP_CORPUS_SCRIPT", "../shared/bench/make-corpus.sh");
        check(Path.of(script).toAbsolutePath().normalize().toString(), corpus.toString(), "1");

        customerUser = TestUser.create("ddweb");
        mailUser = TestUser.create("ddmail");
        documentRoot = base.resolve("home");
        Files.move(corpus.resolve("web"), documentRoot);
        customerUser.chownTree(documentRoot);
        mailHome = base.resolve("mail");
        Files.move(corpus.resolve("mail"), mailHome);
        mailUser.chownTree(mailHome);

        databases = new TestDatabases(base);
        databaseName = databases.create("dd_engine_it");
        databases.load(databaseName, corpus.resolve("db.sql"));
        key = TestKey.generate(base.resolve("gnupg"), "never");
        engine = new PipelineExportEngine(EngineTestSupport.settings(base, Clock.systemDefaultZone()));
    }

    @AfterAll
    static void removeCustomer() throws IOException {
        if (databases != null) {
            databases.close();
        }
        if (customerUser != null) {
            customerUser.close();
        }
        if (mailUser != null) {
            mailUser.close();
        }
        EngineTestSupport.deleteTree(base);
    }

    @Test
    void encryptedExportOfEverything() throws Exception {
        Path destination = documentRoot.resolve("exports-all");
        ExportRequest request = request(job(101, destination, key.armoredPublicKey(), true, true, true));

        ExportResult result = engine.export(request, Cancellation.NEVER, ExportProgress.NONE);

        assertThat(result.archiveName()).matches("ddcustomer-export_\\d{12}\\.tar\\.gz\\.gpg");
        Path archive = destination.resolve(result.archiveName());
        assertOwnedByCustomerAndPrivate(archive);
        assertOwnedByCustomerAndPrivate(destination.resolve(result.archiveName() + ".sha256"));
        assertThat(EngineTestSupport.sha256(archive)).isEqualTo(result.sha256());
        assertThat(Files.size(archive)).isEqualTo(result.size());
        assertThat(EngineTestSupport.runIn(destination, List.of("sha256sum", "-c", result.archiveName() + ".sha256"),
                null, Map.of()).exitCode()).isZero();
        assertThat(result.files()).isGreaterThan(1000);
        assertThat(result.warnings()).isEmpty();

        Path decrypted = base.resolve("all.tar.gz");
        String status = key.decrypt(archive, decrypted);
        assertThat(status).contains("DECRYPTION_OKAY");
        assertThat(status).contains("DECRYPTION_INFO 2 9");
        assertThat(status).doesNotContain("not integrity protected");
        String packets = check("gpg", "--homedir", key.home().toString(), "--batch", "--pinentry-mode", "loopback",
                "--passphrase", "", "--list-packets", archive.toString());
        assertThat(packets).contains(":literal data packet:");
        assertThat(packets).doesNotContain(":compressed packet:");

        assertThat(check("tar", "-tvf", decrypted.toString())).contains("web/logs/access.log");
        List<String> names = tarNames(decrypted);
        assertThat(names.get(names.size() - 1)).isEqualTo("MANIFEST.tsv");
        Path extracted = base.resolve("all");
        extract(decrypted, extracted);

        EngineTestSupport.assertSameTree(documentRoot, extracted.resolve("web"), "exports-*");
        for (int mailbox = 1; mailbox <= MAILBOXES; mailbox++) {
            String maildir = "example.com/user" + mailbox;
            EngineTestSupport.assertSameTree(mailHome.resolve(maildir), extracted.resolve("mail").resolve(maildir));
        }
        assertThat(Files.getAttribute(extracted.resolve("web/site1/index.php"), "unix:uid")).isEqualTo(customerUser.uid());
        assertThat(Files.getAttribute(extracted.resolve("mail/example.com/user1/cur"), "unix:uid"))
                .isEqualTo(mailUser.uid());

        String restored = databases.create("dd_engine_it_restored");
        databases.load(restored, extracted.resolve("mysql/" + databaseName + ".sql"));
        assertThat(databases.sql(restored, "SELECT COUNT(*) FROM wp_posts"))
                .isEqualTo(databases.sql(databaseName, "SELECT COUNT(*) FROM wp_posts"));
        assertThat(sha256(databases.sql(restored, "SELECT * FROM wp_posts ORDER BY ID")))
                .isEqualTo(sha256(databases.sql(databaseName, "SELECT * FROM wp_posts ORDER BY ID")));

        String manifest = Files.readString(extracted.resolve("MANIFEST.tsv"), StandardCharsets.US_ASCII);
        assertThat(manifest).startsWith("#datadump-manifest\t1\n");
        assertThat(manifest).contains("file\t" + Files.size(documentRoot.resolve("logs/access.log")) + "\t"
                + EngineTestSupport.sha256(documentRoot.resolve("logs/access.log")) + "\tweb/logs/access.log\t-\n");
        assertThat(manifest).contains("\tmysql/" + databaseName + ".sql\t-\n");
        assertThat(manifest).contains("excluded\t-\t-\tweb/exports-all\t");
    }

    @Test
    void unencryptedWebOnlyExport() throws Exception {
        Path destination = documentRoot.resolve("exports-web");
        ExportResult result = engine.export(request(job(102, destination, null, false, false, true)),
                Cancellation.NEVER, ExportProgress.NONE);

        assertThat(result.archiveName()).matches("ddcustomer-export_\\d{12}\\.tar\\.gz");
        Path archive = destination.resolve(result.archiveName());
        assertOwnedByCustomerAndPrivate(archive);
        assertThat(tarNames(archive)).allMatch(name -> name.startsWith("web/") || name.equals("MANIFEST.tsv"));
        Path extracted = base.resolve("web-only");
        extract(archive, extracted);
        EngineTestSupport.assertSameTree(documentRoot, extracted.resolve("web"), "exports-*");
    }

    @Test
    void mailOnlyExport() throws Exception {
        Path destination = documentRoot.resolve("exports-mail");
        ExportResult result = engine.export(request(job(103, destination, null, false, true, false)),
                Cancellation.NEVER, ExportProgress.NONE);

        Path archive = destination.resolve(result.archiveName());
        assertThat(tarNames(archive)).allMatch(name -> name.startsWith("mail/") || name.equals("MANIFEST.tsv"));
        Path extracted = base.resolve("mail-only");
        extract(archive, extracted);
        for (int mailbox = 1; mailbox <= MAILBOXES; mailbox++) {
            String maildir = "example.com/user" + mailbox;
            EngineTestSupport.assertSameTree(mailHome.resolve(maildir), extracted.resolve("mail").resolve(maildir));
        }
    }

    @Test
    void databasesOnlyExport() throws Exception {
        Path destination = documentRoot.resolve("exports-db");
        ExportResult result = engine.export(request(job(104, destination, null, true, false, false)),
                Cancellation.NEVER, ExportProgress.NONE);

        Path archive = destination.resolve(result.archiveName());
        assertThat(tarNames(archive)).containsExactly("mysql/" + databaseName + ".sql", "MANIFEST.tsv");
    }

    @Test
    void customerWithoutDatabasesOrMail() throws Exception {
        Path smallRoot = smallDocumentRoot("small-1");
        Path destination = smallRoot.resolve("exports");
        ExportRequest request = new ExportRequest(job(105, destination, null, true, true, true),
                EngineTestSupport.customer("ddcustomer", smallRoot, customerUser), List.of(), List.of(), Map.of());

        ExportResult result = engine.export(request, Cancellation.NEVER, ExportProgress.NONE);

        List<String> names = tarNames(destination.resolve(result.archiveName()));
        assertThat(names).containsExactly("web/", "web/index.html", "MANIFEST.tsv");
    }

    @Test
    void secondExportInSameMinute() throws Exception {
        Path smallRoot = smallDocumentRoot("small-2");
        Path destination = smallRoot.resolve("exports");
        Clock fixed = Clock.fixed(Instant.parse("2026-12-04T20:15:30Z"), ZoneOffset.UTC);
        PipelineExportEngine fixedEngine = new PipelineExportEngine(EngineTestSupport.settings(base, fixed));
        ExportRequest request = new ExportRequest(job(106, destination, null, false, false, true),
                EngineTestSupport.customer("ddcustomer", smallRoot, customerUser), List.of(), List.of(), Map.of());

        ExportResult first = fixedEngine.export(request, Cancellation.NEVER, ExportProgress.NONE);
        ExportResult second = fixedEngine.export(request, Cancellation.NEVER, ExportProgress.NONE);

        assertThat(first.archiveName()).isEqualTo("ddcustomer-export_202612042015.tar.gz");
        assertThat(second.archiveName()).isEqualTo("ddcustomer-export_202612042015-2.tar.gz");
        assertThat(EngineTestSupport.sha256(destination.resolve(first.archiveName()))).isEqualTo(first.sha256());
        List<String> names = tarNames(destination.resolve(second.archiveName()));
        assertThat(names).noneMatch(name -> name.startsWith("web/exports/"));
        assertThat(names).contains("web/index.html");
    }

    @Test
    void destinationOnOtherFileSystem() throws Exception {
        Path smallRoot = smallDocumentRoot("small-3");
        Path destination = smallRoot.resolve("exports");
        Files.createDirectories(destination);
        check("mount", "-t", "tmpfs", "-o", "size=16m,mode=0755", "tmpfs", destination.toString());
        try {
            ExportRequest request = new ExportRequest(job(107, destination, null, false, false, true),
                    EngineTestSupport.customer("ddcustomer", smallRoot, customerUser), List.of(), List.of(), Map.of());

            ExportResult result = engine.export(request, Cancellation.NEVER, ExportProgress.NONE);

            Path archive = destination.resolve(result.archiveName());
            assertOwnedByCustomerAndPrivate(archive);
            assertOwnedByCustomerAndPrivate(destination.resolve(result.archiveName() + ".sha256"));
            assertThat(EngineTestSupport.runIn(destination, List.of("sha256sum", "-c", result.archiveName() + ".sha256"),
                    null, Map.of()).exitCode()).isZero();
            try (java.util.stream.Stream<Path> names = Files.list(destination)) {
                assertThat(names.map(path -> path.getFileName().toString()))
                        .containsExactlyInAnyOrder(result.archiveName(), result.archiveName() + ".sha256");
            }
        } finally {
            check("umount", destination.toString());
        }
    }

    private static Path smallDocumentRoot(String name) throws IOException {
        Path root = base.resolve(name);
        Files.createDirectories(root);
        Files.writeString(root.resolve("index.html"), "<p>hello</p>\n");
        customerUser.chownTree(root);
        return root;
    }

    private static ExportRequest request(dev.datadump.model.Job job) {
        Customer customer = EngineTestSupport.customer("ddcustomer", documentRoot, customerUser);
        List<MailAccount> accounts = new ArrayList<>();
        for (int mailbox = 1; mailbox <= MAILBOXES; mailbox++) {
            accounts.add(new MailAccount(mailbox, 1, mailHome.toString(), "example.com/user" + mailbox + "/"));
        }
        DatabaseServer server = databases.server(1);
        return new ExportRequest(job, customer, List.of(new CustomerDatabase(1, 1, databaseName, 1)), accounts,
                Map.of(1, server));
    }

    private static void assertOwnedByCustomerAndPrivate(Path file) throws IOException {
        assertThat(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(customerUser.uid());
        assertThat(Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(customerUser.gid());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)))
                .isEqualTo("rw-------");
    }

    private static String sha256(String text) {
        return java.util.HexFormat.of().formatHex(dev.datadump.export.archive.HashingOutputStream.newSha256()
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
