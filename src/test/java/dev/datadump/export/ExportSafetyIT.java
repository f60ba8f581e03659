package dev.datadump.export;

import dev.datadump.export.archive.EntryMetadata;
import dev.datadump.export.reader.ReaderEntrySink;
import dev.datadump.export.reader.ReaderIdentity;
import dev.datadump.export.reader.ReaderLauncher;
import dev.datadump.export.reader.ReaderRoot;
import dev.datadump.export.reader.ReaderRun;
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
import java.util.ArrayList;
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
            String reason = home.resolve("mail") + " is a symbolic link; maildirs are read only through paths "
                    + "without symbolic links";
            assertThat(result.warnings()).containsExactly("mail/Maildir: skipped: " + reason);
            assertThat(manifest(archive)).contains("skipped\t-\t-\tmail/Maildir\t" + reason + "\n");
        } finally {
            TestFolders.deleteTree(otherHome);
        }
    }

    @Test
    void symlinkInsideMaildirPathIsNotFollowed() throws Exception {
        Path otherHome = base.resolve("other-" + System.nanoTime());
        Files.createDirectories(otherHome.resolve("Maildir/cur"));
        String tenantSecret = "other tenant's mail " + System.nanoTime();
        Files.writeString(otherHome.resolve("Maildir/cur/1.eml"), tenantSecret + "\n");
        otherTenant.chownTree(otherHome);
        Files.createDirectories(home.resolve("mail"));
        customerUser.chownTree(home.resolve("mail"));
        check("setpriv", "--reuid=" + customerUser.uid(), "--regid=" + customerUser.gid(), "--clear-groups", "--",
                "ln", "-s", otherHome.toString(), home.resolve("mail/example.com").toString());

        try {
            ExportResult result = exportMail(new MailAccount(1, 1, home.resolve("mail").toString(),
                    "example.com/Maildir"));

            Path archive = home.resolve("exports").resolve(result.archiveName());
            assertThat(tarBytes(archive)).doesNotContain(tenantSecret);
            assertThat(result.warnings()).containsExactly("mail/example.com/Maildir: skipped: "
                    + home.resolve("mail/example.com") + " is a symbolic link; maildirs are read only through paths "
                    + "without symbolic links");
        } finally {
            TestFolders.deleteTree(otherHome);
        }
    }

    @Test
    void maildirBelowForeignOwnedMailHomeIsSkipped() throws Exception {
        Files.createDirectories(home.resolve("mail/Maildir/cur"));
        String tenantSecret = "other tenant's mail " + System.nanoTime();
        Files.writeString(home.resolve("mail/Maildir/cur/1.eml"), tenantSecret + "\n");
        customerUser.chownTree(home.resolve("mail"));
        otherTenant.chownTree(home.resolve("mail/Maildir"));

        ExportResult result = exportMail(new MailAccount(1, 1, home.resolve("mail").toString(), "Maildir"));

        Path archive = home.resolve("exports").resolve(result.archiveName());
        assertThat(tarBytes(archive)).doesNotContain(tenantSecret);
        assertThat(result.warnings()).singleElement().asString()
                .startsWith("mail/Maildir: skipped: " + home.resolve("mail") + " is owned by uid " + customerUser.uid())
                .contains("by the maildir's owner (uid " + otherTenant.uid() + ")");
    }

    @Test
    void maildirOwnedByCustomerIsExported() throws Exception {
        Files.createDirectories(home.resolve("mail/Maildir/cur"));
        Files.writeString(home.resolve("mail/Maildir/cur/1.eml"), "the customer's own mail\n");
        customerUser.chownTree(home.resolve("mail"));

        ExportResult result = exportMail(new MailAccount(1, 1, home.resolve("mail").toString(), "/Maildir/"));

        Path archive = home.resolve("exports").resolve(result.archiveName());
        assertThat(result.warnings()).isEmpty();
        assertThat(ArchiveChecks.tarNames(archive)).contains("mail/Maildir/cur/1.eml");
        assertThat(tarBytes(archive)).contains("the customer's own mail");
    }

    /**
     * The reader repeats the walk and the owner check itself, so a mail home swapped after the
     * engine looked is refused by the process that would read it.
     */
    @Test
    void readerRefusesSwappedMaildirOnItsOwn() throws Exception {
        Files.createDirectories(home.resolve("real/Maildir/cur"));
        Files.writeString(home.resolve("real/Maildir/cur/1.eml"), "mail\n");
        Files.createSymbolicLink(home.resolve("linked"), home.resolve("real"));
        Files.createDirectories(home.resolve("foreign/Maildir"));
        customerUser.chownTree(home);
        otherTenant.chownTree(home.resolve("foreign"));
        ReaderLauncher launcher = new ReaderLauncher(Path.of("/usr/bin/setpriv"),
                Path.of(System.getProperty("java.home"), "bin", "java"), Path.of(System.getProperty("datadump.jar")),
                base.resolve("reader-lib"));
        List<ReaderRoot> roots = List.of(ReaderRoot.maildir(home.resolve("linked").toString(), "Maildir"),
                ReaderRoot.maildir(home.resolve("foreign").toString(), "Maildir"),
                ReaderRoot.maildir(home.resolve("real").toString(), "Maildir"));
        RecordingSink sink = new RecordingSink();

        new ReaderRun(launcher).run(new ReaderIdentity(customerUser.uid(), customerUser.gid()), roots, List.of(), null, sink,
                Cancellation.NEVER);

        assertThat(sink.records).containsExactly(
                "0 skipped: " + home.resolve("linked") + " is a symbolic link; maildirs are read only through paths "
                        + "without symbolic links",
                "1 skipped: " + home.resolve("foreign") + " is owned by uid " + otherTenant.uid() + ", but the mail home "
                        + "and everything below it down to the maildir must be owned by root or by the maildir's owner "
                        + "(uid " + customerUser.uid() + "); fix the owners or the mail account",
                "2 directory ", "2 directory cur", "2 file cur/1.eml");
    }

    /** Records what a reader sends, one line per entry: root index, kind, path or reason. */
    private static final class RecordingSink implements ReaderEntrySink {
        final List<String> records = new ArrayList<>();

        @Override
        public void directory(int root, byte[] path, EntryMetadata metadata) {
            records.add(root + " directory " + new String(path, StandardCharsets.UTF_8));
        }

        @Override
        public void symlink(int root, byte[] path, EntryMetadata metadata, byte[] target) {
            records.add(root + " symlink " + new String(path, StandardCharsets.UTF_8));
        }

        @Override
        public String file(int root, byte[] path, EntryMetadata metadata, long size, InputStream content)
                throws IOException {
            content.readNBytes((int) size);
            records.add(root + " file " + new String(path, StandardCharsets.UTF_8));
            return "";
        }

        @Override
        public void fileDone(int root, byte[] path, long size, String sha256, String note) {
        }

        @Override
        public void skipped(int root, byte[] path, String reason) {
            records.add(root + " skipped: " + reason);
        }

        @Override
        public void excluded(int root, byte[] path, String reason) {
            records.add(root + " excluded " + new String(path, StandardCharsets.UTF_8));
        }
    }

    private ExportResult exportMail(MailAccount account) throws Exception {
        Customer customer = EngineTestSupport.customer("ddsafe", home, customerUser);
        ExportRequest request = new ExportRequest(job(1, home.resolve("exports"), null, false, true, false), customer,
                List.of(), List.of(account), Map.of());
        return engine.export(request, Cancellation.NEVER, ExportProgress.NONE);
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
