package dev.datadump.export;

import dev.datadump.model.Customer;
import dev.datadump.model.MailAccount;
import dev.datadump.testing.ArchiveChecks;
import dev.datadump.testing.Commands;
import dev.datadump.testing.TestFolders;
import dev.datadump.testing.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static dev.datadump.export.EngineTestSupport.job;
import static dev.datadump.testing.Commands.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine against a hostile customer tree, each case with a real unprivileged user, real
 * links and real permissions. After every case, a canary tree outside the document root
 * (holding a root-only secret and the folders that links point to) must be unchanged.
 */
class ExportSafetyIT {

    private static final String SECRET = "root-only secret " + System.nanoTime();
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-12-04T21:05:00Z"), ZoneOffset.UTC);
    private static final String ARCHIVE = "ddsafe-export_202612042105.tar.gz";

    private static Path base;
    private static Path canary;
    private static TestUser customerUser;
    private static TestUser otherTenant;
    private static PipelineExportEngine engine;

    private Path home;
    private String canaryBefore;

    @BeforeAll
    static void createUsers() throws IOException {
        Commands.requireTools("tar", "setpriv", "useradd", "mknod", "python3");
        base = TestFolders.openTemporaryFolder("safety-it");
        customerUser = TestUser.create("ddsafe");
        otherTenant = TestUser.create("ddother");
        canary = base.resolve("canary");
        Files.createDirectories(canary.resolve("outside"));
        Files.createDirectories(canary.resolve("swapped/b/exports"));
        Files.writeString(canary.resolve("secret.txt"), SECRET + "\n");
        Files.setPosixFilePermissions(canary.resolve("secret.txt"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(canary.resolve("outside/notes.txt"), "not the customer's\n");
        engine = new PipelineExportEngine(EngineTestSupport.settings(base, FIXED));
    }

    @AfterAll
    static void removeUsers() throws IOException {
        if (customerUser != null) {
            customerUser.close();
        }
        if (otherTenant != null) {
            otherTenant.close();
        }
        TestFolders.deleteTree(base);
    }

    @BeforeEach
    void createHome() throws IOException {
        home = TestFolders.openTemporaryFolder("safety-home");
        Files.writeString(home.resolve("index.html"), "<p>hello</p>\n");
        customerUser.chownTree(home);
        canaryBefore = EngineTestSupport.checksumListing(canary);
    }

    @AfterEach
    void checkCanaryAndRemoveHome() throws IOException {
        try {
            assertThat(EngineTestSupport.checksumListing(canary)).isEqualTo(canaryBefore);
        } finally {
            TestFolders.deleteTree(home);
        }
    }

    @Test
    void symlinkToRootOnlyFileIsStoredAsLink() throws Exception {
        Files.createSymbolicLink(home.resolve("secret-link"), canary.resolve("secret.txt"));
        Files.createSymbolicLink(home.resolve("folder-link"), canary.resolve("outside"));

        ExportResult result = export(home.resolve("exports"));

        Path archive = home.resolve("exports").resolve(result.archiveName());
        String listing = check("tar", "-tvf", archive.toString());
        assertThat(listing).contains("web/secret-link -> " + canary.resolve("secret.txt"));
        assertThat(listing).contains("web/folder-link -> " + canary.resolve("outside"));
        assertThat(listing).doesNotContain("notes.txt");
        assertThat(tarBytes(archive)).doesNotContain(SECRET);
        assertThat(manifest(archive)).contains("symlink\t-\t-\tweb/secret-link\t" + canary.resolve("secret.txt"));
        assertThat(result.warnings()).isEmpty();
    }

    @Test
    void hardLinkToRootOnlyFileIsNotRevealed() throws Exception {
        String protectedHardlinks = check("sysctl", "-n", "fs.protected_hardlinks").trim();
        check("sysctl", "-w", "fs.protected_hardlinks=0");
        try {
            check("setpriv", "--reuid=" + customerUser.uid(), "--regid=" + customerUser.gid(), "--clear-groups", "--",
                    "ln", canary.resolve("secret.txt").toString(), home.resolve("hard-link").toString());
        } finally {
            check("sysctl", "-w", "fs.protected_hardlinks=" + protectedHardlinks);
        }

        ExportResult result = export(home.resolve("exports"));

        Path archive = home.resolve("exports").resolve(result.archiveName());
        assertThat(tarBytes(archive)).doesNotContain(SECRET);
        assertThat(ArchiveChecks.tarNames(archive)).doesNotContain("web/hard-link");
        assertThat(result.warnings()).containsExactly("web/hard-link: skipped: permission denied");
        assertThat(manifest(archive)).contains("skipped\t-\t-\tweb/hard-link\tpermission denied\n");
    }

    @Test
    void unreadableFileAndFolderAreSkipped() throws Exception {
        Files.writeString(home.resolve("other-tenant.txt"), SECRET);
        Files.setPosixFilePermissions(home.resolve("other-tenant.txt"), PosixFilePermissions.fromString("rw-------"));
        otherTenant.chownTree(home.resolve("other-tenant.txt"));
        Files.createDirectories(home.resolve("locked"));
        Files.writeString(home.resolve("locked/inside.txt"), SECRET);
        Files.setPosixFilePermissions(home.resolve("locked"), PosixFilePermissions.fromString("rwx------"));

        ExportResult result = export(home.resolve("exports"));

        Path archive = home.resolve("exports").resolve(result.archiveName());
        assertThat(tarBytes(archive)).doesNotContain(SECRET);
        assertThat(result.warnings()).containsExactlyInAnyOrder(
                "web/locked: skipped: permission denied",
                "web/other-tenant.txt: skipped: permission denied");
        assertThat(ArchiveChecks.tarNames(archive)).contains("web/index.html");
    }

    @Test
    void destinationThatIsSymlinkOutsideHomeFails() throws Exception {
        Files.createSymbolicLink(home.resolve("exports"), canary.resolve("outside"));
        customerUser.chownTree(home.resolve("exports"));

        assertThatThrownBy(() -> export(home.resolve("exports")))
                .isInstanceOf(ExportFailedException.class)
                .hasMessageContaining(home.resolve("exports") + " is a symbolic link or not a directory");
    }

    @Test
    void destinationOwnedByAnotherUserFails() throws Exception {
        Files.createDirectories(home.resolve("shared"));
        otherTenant.chownTree(home.resolve("shared"));

        assertThatThrownBy(() -> export(home.resolve("shared/exports")))
                .isInstanceOf(ExportFailedException.class)
                .hasMessageContaining("is owned by uid " + otherTenant.uid());
        assertThat(home.resolve("shared/exports")).doesNotExist();
    }

    @Test
    void componentSwappedForSymlinkAfterJobCreationFails() throws Exception {
        Files.createDirectories(home.resolve("a/b/exports"));
        customerUser.chownTree(home.resolve("a"));
        ExportRequest request = request(home.resolve("a/b/exports"), false);
        TestFolders.deleteTree(home.resolve("a"));
        Files.createSymbolicLink(home.resolve("a"), canary.resolve("swapped"));

        assertThatThrownBy(() -> engine.export(request, Cancellation.NEVER, ExportProgress.NONE))
                .isInstanceOf(ExportFailedException.class)
                .hasMessageContaining(home.resolve("a") + " is a symbolic link or not a directory");
    }

    @Test
    void existingNamesAreNeverOverwritten() throws Exception {
        Path destination = home.resolve("exports");
        Files.createDirectories(destination);
        Files.writeString(destination.resolve(ARCHIVE), "an older archive\n");
        Files.createSymbolicLink(destination.resolve(ARCHIVE.replace(".tar.gz", "-2.tar.gz.sha256")),
                canary.resolve("secret.txt"));
        Files.createSymbolicLink(destination.resolve(ARCHIVE.replace(".tar.gz", "-3.tar.gz")),
                canary.resolve("outside/notes.txt"));
        Files.createSymbolicLink(destination.resolve(".datadump-job1-0000000000000000.part"),
                canary.resolve("secret.txt"));
        customerUser.chownTree(destination);

        ExportResult result = export(destination);

        assertThat(result.archiveName()).isEqualTo(ARCHIVE.replace(".tar.gz", "-4.tar.gz"));
        assertThat(Files.readString(destination.resolve(ARCHIVE))).isEqualTo("an older archive\n");
        assertThat(Files.isSymbolicLink(destination.resolve(ARCHIVE.replace(".tar.gz", "-2.tar.gz.sha256")))).isTrue();
        assertThat(Files.isSymbolicLink(destination.resolve(ARCHIVE.replace(".tar.gz", "-3.tar.gz")))).isTrue();
        assertThat(destination.resolve(ARCHIVE.replace(".tar.gz", "-2.tar.gz"))).doesNotExist();
        ArchiveChecks.assertChecksumFileMatches(destination.resolve(result.archiveName()));
    }

    @Test
    void fifosDevicesAndSocketsAreSkipped() throws Exception {
        check("mkfifo", home.resolve("fifo").toString());
        check("mknod", home.resolve("null-device").toString(), "c", "1", "3");
        check("mknod", home.resolve("block-device").toString(), "b", "7", "200");
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(home.resolve("socket")));
            customerUser.chownTree(home);

            ExportResult result = export(home.resolve("exports"));

            Path archive = home.resolve("exports").resolve(result.archiveName());
            assertThat(ArchiveChecks.tarNames(archive)).containsExactly("web/", "web/index.html", "MANIFEST.tsv");
            assertThat(result.warnings()).containsExactlyInAnyOrder(
                    "web/block-device: skipped: block device; only regular files, directories and symbolic links are archived",
                    "web/fifo: skipped: FIFO; only regular files, directories and symbolic links are archived",
                    "web/null-device: skipped: character device; only regular files, directories and symbolic links are archived",
                    "web/socket: skipped: socket; only regular files, directories and symbolic links are archived");
            assertThat(manifest(archive)).contains("skipped\t-\t-\tweb/fifo\tFIFO;");
        }
    }

    @Test
    void strangeFileNamesSurvive() throws Exception {
        String script = String.join("\n",
                "import os, sys",
                "root = os.fsencode(sys.argv[1])",
                "names = [b'new\\nline', b'quote\\'\"double', b'$(touch pwned)', b'-rf', b'--help', b'tab\\there',",
                "         b'back\\\\slash', b'latin1-\\xe9\\xff', b'\\xc3\\xa9t\\xc3\\xa9', b' leading space',",
                "         b'long-' + b'x' * 150, b'long-invalid-' + b'\\xfe' * 120, b'long-utf8-' + '\u00e9'.encode() * 60]",
                "for name in names:",
                "    with open(os.path.join(root, name), 'wb') as f:",
                "        f.write(b'content of ' + name)",
                "os.mkdir(os.path.join(root, b'dir-\\xff\\n'))",
                "with open(os.path.join(root, b'dir-\\xff\\n', b'-inner\\xfe'), 'wb') as f:",
                "    f.write(b'inner')",
                "os.symlink(b'target-\\xfe\\n$(reboot)', os.path.join(root, b'link-\\xfd'))",
                "os.symlink(b't' * 150 + b'\\xfe', os.path.join(root, b'long-link'))",
                "");
        check("python3", "-c", script, home.toString());
        customerUser.chownTree(home);

        ExportResult result = export(home.resolve("exports"));

        assertThat(result.warnings()).isEmpty();
        Path archive = home.resolve("exports").resolve(result.archiveName());
        Path extracted = base.resolve("strange-" + System.nanoTime());
        ArchiveChecks.extract(archive, extracted);
        ArchiveChecks.assertSameTree(home, extracted.resolve("web"), "exports");
        assertThat(base.resolve("pwned")).doesNotExist();
        assertThat(home.resolve("pwned")).doesNotExist();
        assertThat(Path.of("pwned")).doesNotExist();
        assertThat(manifest(archive)).contains("\tweb/new%0Aline\t").contains("\tweb/latin1-%E9%FF\t");
        TestFolders.deleteTree(extracted);
    }

    /**
     * A mail home inside the customer's tree, swapped by the customer for a symbolic link to another
     * tenant's folder, must not make the export read that tenant's mail.
     */
    @Test
    void symlinkedMailHomeIsNotFollowed() throws Exception {
        Path otherHome = base.resolve("other-" + System.nanoTime());
        Path otherMaildir = otherHome.resolve("Maildir");
        Files.createDirectories(otherMaildir.resolve("cur"));
        String tenantSecret = "other tenant's mail " + System.nanoTime();
        Files.writeString(otherMaildir.resolve("cur/1.eml"), tenantSecret + "\n");
        otherTenant.chownTree(otherHome);
        Files.setPosixFilePermissions(otherMaildir, PosixFilePermissions.fromString("rwx------"));
        check("setpriv", "--reuid=" + customerUser.uid(), "--regid=" + customerUser.gid(), "--clear-groups", "--",
                "ln", "-s", otherHome.toString(), home.resolve("mail").toString());
        MailAccount account = new MailAccount(1, 1, home.resolve("mail").toString(), "Maildir");
        Customer customer = EngineTestSupport.customer("ddsafe", home, customerUser);
        ExportRequest request = new ExportRequest(job(1, home.resolve("exports"), null, false, true, false), customer,
                List.of(), List.of(account), Map.of());

        try {
            ExportResult result = engine.export(request, Cancellation.NEVER, ExportProgress.NONE);
            Path archive = home.resolve("exports").resolve(result.archiveName());
            assertThat(tarBytes(archive)).doesNotContain(tenantSecret);
            assertThat(ArchiveChecks.tarNames(archive)).noneMatch(name -> name.startsWith("mail/Maildir/"));
        } finally {
            TestFolders.deleteTree(otherHome);
        }
    }

    private ExportResult export(Path destination) throws Exception {
        return engine.export(request(destination, false), Cancellation.NEVER, ExportProgress.NONE);
    }

    private ExportRequest request(Path destination, boolean encrypted) {
        Customer customer = EngineTestSupport.customer("ddsafe", home, customerUser);
        return new ExportRequest(job(1, destination, null, false, false, true), customer, List.of(), List.of(),
                Map.of());
    }

    /** Returns the uncompressed tar stream of an archive as ISO-8859-1 text, for searching. */
    private static String tarBytes(Path archive) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static String manifest(Path archive) throws IOException {
        return check("tar", "-xOf", archive.toString(), "MANIFEST.tsv");
    }

    static boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }
}
