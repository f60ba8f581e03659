package dev.datadump.export;

import dev.datadump.model.Customer;
import dev.datadump.model.CustomerDatabase;
import dev.datadump.model.DatabaseServer;
import dev.datadump.model.MailAccount;
import dev.datadump.testing.ArchiveChecks;
import dev.datadump.testing.CustomerFixture;
import dev.datadump.testing.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.datadump.export.EngineTestSupport.job;
import static dev.datadump.testing.ArchiveChecks.assertOwnedAndPrivate;
import static dev.datadump.testing.ArchiveChecks.extract;
import static dev.datadump.testing.ArchiveChecks.tarNames;
import static dev.datadump.testing.Commands.check;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine end to end on a realistic customer: WordPress sites and uploads as web files,
 * maildirs owned by a separate mail user, a MariaDB database, a GnuPG key pair. Archives are
 * checked with the standard tools (gpg, GNU tar, sha256sum, the mariadb client).
 */
class ExportEngineIT {

    private static CustomerFixture fixture;
    private static Path base;
    private static Path documentRoot;
    private static TestUser customerUser;
    private static PipelineExportEngine engine;

    @BeforeAll
    static void buildCustomer() throws IOException {
        fixture = CustomerFixture.create("engine-it");
        base = fixture.base();
        documentRoot = fixture.documentRoot();
        customerUser = fixture.customerUser();
        engine = new PipelineExportEngine(EngineTestSupport.settings(base, Clock.systemDefaultZone()));
    }

    @AfterAll
    static void removeCustomer() throws IOException {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void encryptedExportOfEverything() throws Exception {
        Path destination = documentRoot.resolve("exports-all");
        ExportRequest request = request(job(101, destination, fixture.publicKey(), true, true, true));

        ExportResult result = engine.export(request, Cancellation.NEVER, ExportProgress.NONE);

        assertThat(result.archiveName()).matches("ddcustomer-export_\\d{12}\\.tar\\.gz\\.gpg");
        Path archive = destination.resolve(result.archiveName());
        assertThat(ArchiveChecks.sha256(archive)).isEqualTo(result.sha256());
        assertThat(Files.size(archive)).isEqualTo(result.size());
        assertThat(result.files()).isGreaterThan(1000);
        assertThat(result.warnings()).isEmpty();
        fixture.assertEncryptedExportOfEverything(archive);
    }

    @Test
    void unencryptedWebOnlyExport() throws Exception {
        Path destination = documentRoot.resolve("exports-web");
        ExportResult result = engine.export(request(job(102, destination, null, false, false, true)),
                Cancellation.NEVER, ExportProgress.NONE);

        assertThat(result.archiveName()).matches("ddcustomer-export_\\d{12}\\.tar\\.gz");
        Path archive = destination.resolve(result.archiveName());
        assertOwnedAndPrivate(archive, customerUser);
        assertThat(tarNames(archive)).allMatch(name -> name.startsWith("web/") || name.equals("MANIFEST.tsv"));
        Path extracted = base.resolve("web-only");
        extract(archive, extracted);
        ArchiveChecks.assertSameTree(documentRoot, extracted.resolve("web"), "exports-*", "*-export_*.tar.gz*");
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
        for (String maildir : fixture.maildirs()) {
            ArchiveChecks.assertSameTree(fixture.mailHome().resolve(maildir),
                    extracted.resolve("mail").resolve(maildir));
        }
    }

    @Test
    void databasesOnlyExport() throws Exception {
        Path destination = documentRoot.resolve("exports-db");
        ExportResult result = engine.export(request(job(104, destination, null, true, false, false)),
                Cancellation.NEVER, ExportProgress.NONE);

        Path archive = destination.resolve(result.archiveName());
        assertThat(tarNames(archive)).containsExactly("mysql/" + fixture.databaseName() + ".sql", "MANIFEST.tsv");
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
        assertThat(ArchiveChecks.sha256(destination.resolve(first.archiveName()))).isEqualTo(first.sha256());
        List<String> names = tarNames(destination.resolve(second.archiveName()));
        assertThat(names).noneMatch(name -> name.startsWith("web/exports/"));
        assertThat(names).contains("web/index.html");
    }

    @Test
    void earlierArchiveInOtherFolderIsLeftOut() throws Exception {
        Path smallRoot = smallDocumentRoot("small-4");
        ExportRequest first = new ExportRequest(job(108, smallRoot.resolve("exports"), null, false, false, true),
                EngineTestSupport.customer("ddcustomer", smallRoot, customerUser), List.of(), List.of(), Map.of());
        ExportResult earlier = engine.export(first, Cancellation.NEVER, ExportProgress.NONE);
        Path moved = smallRoot.resolve("old");
        Files.createDirectories(moved);
        Files.move(smallRoot.resolve("exports").resolve(earlier.archiveName()), moved.resolve(earlier.archiveName()));
        Files.writeString(moved.resolve("ddcustomer-export_notes.txt"), "kept: not an archive name");
        customerUser.chownTree(smallRoot);

        ExportRequest second = new ExportRequest(job(109, smallRoot.resolve("exports-2"), null, false, false, true),
                EngineTestSupport.customer("ddcustomer", smallRoot, customerUser), List.of(), List.of(), Map.of());
        ExportResult later = engine.export(second, Cancellation.NEVER, ExportProgress.NONE);

        Path archive = smallRoot.resolve("exports-2").resolve(later.archiveName());
        List<String> names = tarNames(archive);
        assertThat(names).doesNotContain("web/old/" + earlier.archiveName());
        assertThat(names).contains("web/old/ddcustomer-export_notes.txt", "web/index.html");
        String manifest = check("tar", "-xOf", archive.toString(), "MANIFEST.tsv");
        assertThat(manifest).contains("excluded\t-\t-\tweb/old/" + earlier.archiveName()
                + "\tarchive of an earlier export\n");
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
            assertOwnedAndPrivate(archive, customerUser);
            assertOwnedAndPrivate(destination.resolve(result.archiveName() + ".sha256"), customerUser);
            ArchiveChecks.assertChecksumFileMatches(archive);
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
        for (String maildir : fixture.maildirs()) {
            accounts.add(new MailAccount(accounts.size() + 1, 1, fixture.mailHome().toString(), maildir + "/"));
        }
        DatabaseServer server = fixture.databases().server(1);
        return new ExportRequest(job, customer, List.of(new CustomerDatabase(1, 1, fixture.databaseName(), 1)),
                accounts, Map.of(1, server));
    }
}
