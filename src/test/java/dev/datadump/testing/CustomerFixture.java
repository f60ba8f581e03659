package dev.datadump.testing;

import dev.datadump.export.archive.HashingOutputStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static dev.datadump.testing.ArchiveChecks.assertOwnedAndPrivate;
import static dev.datadump.testing.ArchiveChecks.assertSameTree;
import static dev.datadump.testing.Commands.check;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A realistic customer on this machine, made from the benchmark corpus. Its document root
 * contains WordPress sites, uploads and an access log, owned by a new Unix user. Its maildirs
 * belong to a second user, as a mail server's do. Its database is loaded into the test MariaDB
 * server, and a GnuPG key pair is there to encrypt archives to. Building it takes several
 * seconds, so test classes build it once. {@link #close()} removes users, databases and files.
 */
public final class CustomerFixture implements AutoCloseable {

    /** Mail accounts of the corpus at scale 1: {@code example.com/user1} to {@code example.com/user4}. */
    public static final int MAILBOXES = 4;

    /** A diff exclusion for archives and checksum files that exports write into the document root. */
    private static final String LOGIN_ARCHIVES = "*-export_*.tar.gz*";

    private final Path base;
    private Path documentRoot;
    private Path mailHome;
    private TestUser customerUser;
    private TestUser mailUser;
    private TestDatabases databases;
    private String databaseName;
    private Gpg gpg;
    private String publicKey;

    private CustomerFixture(Path base) {
        this.base = base;
    }

    /**
     * Builds the customer in a new temporary folder whose name starts with {@code prefix}, with
     * the benchmark's corpus script ({@code DATADUMP_CORPUS_SCRIPT} overrides its path). Whatever
     * was made is removed again when a step fails.
     */
    public static CustomerFixture create(String prefix) throws IOException {
        Commands.requireTools("gpg", "tar", "diff", "setpriv", "mariadb-dump", "mariadb", "sha256sum", "useradd");
        CustomerFixture fixture = new CustomerFixture(TestFolders.openTemporaryFolder(prefix));
        try {
            fixture.build();
            return fixture;
        } catch (IOException | RuntimeException | Error e) {
            try {
                fixture.close();
            } catch (IOException | RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    private void build() throws IOException {
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
        databaseName = databases.create("dd_customer");
        databases.load(databaseName, corpus.resolve("db.sql"));

        gpg = new Gpg();
        String fingerprint = gpg.generateKey("customer@example.com", "rsa3072", "sign,encrypt", "never");
        publicKey = gpg.exportPublicKey(fingerprint);
    }

    /** Returns the temporary folder that contains everything of the fixture. Tests may put work files in it. */
    public Path base() {
        return base;
    }

    /** Returns the document root: WordPress sites in {@code site1}, {@code site2}, and {@code logs/access.log}. */
    public Path documentRoot() {
        return documentRoot;
    }

    /** Returns the home directory of every mail account, to which the maildirs are relative. */
    public Path mailHome() {
        return mailHome;
    }

    /** Returns the maildirs relative to {@link #mailHome()}, such as {@code example.com/user1}. */
    public List<String> maildirs() {
        List<String> maildirs = new ArrayList<>();
        for (int mailbox = 1; mailbox <= MAILBOXES; mailbox++) {
            maildirs.add("example.com/user" + mailbox);
        }
        return maildirs;
    }

    /** Returns the Unix user that owns the document root. */
    public TestUser customerUser() {
        return customerUser;
    }

    /** Returns the Unix user that owns the maildirs. */
    public TestUser mailUser() {
        return mailUser;
    }

    public TestDatabases databases() {
        return databases;
    }

    /** Returns the name of the customer's database, which contains a WordPress-like {@code wp_posts} table. */
    public String databaseName() {
        return databaseName;
    }

    /** Returns the ASCII-armoured public key whose secret key {@link #assertEncryptedExportOfEverything} uses. */
    public String publicKey() {
        return publicKey;
    }

    /** Returns the GnuPG home with the key pair. */
    public Gpg gpg() {
        return gpg;
    }

    /**
     * Checks an encrypted archive of the web files, maildirs and database as the customer would
     * read it. Archive and checksum file must belong to the customer and be private, and
     * {@code sha256sum -c} must accept the checksum file. {@code gpg --decrypt} must report
     * AES-256 with integrity protection and no compressed packet. The decrypted tar.gz must pass
     * {@link #assertCompleteArchive}. The archive's folder must be a folder of the document root.
     */
    public void assertEncryptedExportOfEverything(Path archive) throws IOException {
        assertOwnedAndPrivate(archive, customerUser);
        assertOwnedAndPrivate(archive.resolveSibling(archive.getFileName() + ".sha256"), customerUser);
        ArchiveChecks.assertChecksumFileMatches(archive);

        Path work = Files.createDirectories(base.resolve("check-" + System.nanoTime()));
        Path decrypted = work.resolve("archive.tar.gz");
String status = gpg.decryptWithStatus(archive, decrypted);
        assertThat(status).contains("DECRYPTION_OKAY");
        // DECRYPTION_INFO <mdc_method> <sym_algo> (GnuPG's doc/DETAILS): 2 is the SHA-1 modification
        // detection code, 9 is AES-256.
        assertThat(status).contains("DECRYPTION_INFO 2 9");
        assertThat(status).doesNotContain("not integrity protected");
String packets = gpg.run("--list-packets", archive.toString());
        assertThat(packets).contains(":literal data packet:");
        assertThat(packets).doesNotContain(":compressed packet:");

assertCompleteArchive(decrypted, archive.getParent(), work.resolve("extracted"));
TestFolders.deleteTree(work);
    }

    /**
     * Checks a tar.gz of the web files, maildirs and database that was written into
     * {@code destination}. GNU tar must list it with the manifest last and extract it into
     * {@code target}. The document root (without {@code destination}) and every maildir must
     * compare equal with GNU diff and keep their owners. The SQL dump must restore into a new
     * database with the same rows. The manifest must list a file with its size and SHA-256, the
     * dump, and the destination as excluded.
     */
    public void assertCompleteArchive(Path tarGz, Path destination, Path target) throws IOException {
        String destinationName = documentRoot.relativize(destination).toString();
        assertThat(check("tar", "-tvf", tarGz.toString())).contains("web/logs/access.log");
        List<String> names = ArchiveChecks.tarNames(tarGz);
        assertThat(names.get(names.size() - 1)).isEqualTo("MANIFEST.tsv");
        ArchiveChecks.extract(tarGz, target);

        // Archives of earlier exports, wherever they lie, are left out of new ones by name.
        assertSameTree(documentRoot, target.resolve("web"), destinationName, LOGIN_ARCHIVES);
        for (String maildir : maildirs()) {
            assertSameTree(mailHome.resolve(maildir), target.resolve("mail").resolve(maildir));
        }
        assertThat(Files.getAttribute(target.resolve("web/site1/index.php"), "unix:uid"))
                .isEqualTo(customerUser.uid());
        assertThat(Files.getAttribute(target.resolve("mail/example.com/user1/cur"), "unix:uid"))
                .isEqualTo(mailUser.uid());

String restored = databases.create("dd_restored");
        databases.load(restored, target.resolve("mysql/" + databaseName + ".sql"));
        assertThat(databases.sql(restored, "SELECT COUNT(*) FROM wp_posts"))
                .isEqualTo(databases.sql(databaseName, "SELECT COUNT(*) FROM wp_posts"));
        assertThat(sha256(databases.sql(restored, "SELECT * FROM wp_posts ORDER BY ID")))
                .isEqualTo(sha256(databases.sql(databaseName, "SELECT * FROM wp_posts ORDER BY ID")));

String manifest = Files.readString(target.resolve("MANIFEST.tsv"), StandardCharsets.US_ASCII);
        Path accessLog = documentRoot.resolve("logs/access.log");
        assertThat(manifest).startsWith("#datadump-manifest\t1\n");
        assertThat(manifest).contains("file\t" + Files.size(accessLog) + "\t" + ArchiveChecks.sha256(accessLog)
                + "\tweb/logs/access.log\t-\n");
        assertThat(manifest).contains("\tmysql/" + databaseName + ".sql\t-\n");
        assertThat(manifest).contains("excluded\t-\t-\tweb/" + destinationName + "\t");
    }

    /** Removes the databases, both users and the temporary folders, skipping parts that were never made. */
    @Override
    public void close() throws IOException {
        if (databases != null) {
            databases.close();
        }
        if (customerUser != null) {
            customerUser.close();
        }
        if (mailUser != null) {
            mailUser.close();
        }
        if (gpg != null) {
            TestFolders.deleteTree(gpg.home());
        }
        TestFolders.deleteTree(base);
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(HashingOutputStream.newSha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
