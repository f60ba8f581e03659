package dev.datadump.testing;

import dev.datadump.export.archive.HashingOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static dev.datadump.testing.Commands.check;
import static org.assertj.core.api.Assertions.assertThat;

/** Reads archives and file trees with the standard tools (GNU tar, diff, sha256sum), as a customer would. */
public final class ArchiveChecks {

    private ArchiveChecks() {
    }

    /** Returns the SHA-256 of a file's content in lower-case hex, without following a symbolic link. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = HashingOutputStream.newSha256();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[65536];
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Lists the names of a tar archive (GNU tar, verbose off), one per line as tar prints them. */
    public static List<String> tarNames(Path archive) throws IOException {
        return new ArrayList<>(List.of(check("tar", "--list", "--quoting-style=escape", "-f", archive.toString())
                .split("\n")));
    }

    /** Extracts {@code archive} with GNU tar into {@code target}, keeping numeric owners and permissions. */
    public static void extract(Path archive, Path target) throws IOException {
        Files.createDirectories(target);
        check("tar", "--extract", "--numeric-owner", "--same-permissions", "-f", archive.toString(),
                "-C", target.toString());
    }

    /** Fails when {@code a} and {@code b} differ in names, types, link targets or file contents (GNU diff). */
    public static void assertSameTree(Path a, Path b, String... excludedNames) throws IOException {
        List<String> command = new ArrayList<>(List.of("diff", "-r", "--no-dereference", "-q"));
        for (String excluded : excludedNames) {
            command.add("--exclude=" + excluded);
        }
        command.add(a.toString());
        command.add(b.toString());
        Commands.Result result = Commands.run(command, null, Map.of());
        if (result.exitCode() != 0) {
            throw new AssertionError("trees " + a + " and " + b + " differ:\n" + result.stdout() + result.stderr());
        }
    }

    /** Fails unless {@code sha256sum -c}, run in the archive's folder, accepts {@code <archive>.sha256}. */
    public static void assertChecksumFileMatches(Path archive) throws IOException {
        String checksumFile = archive.getFileName() + ".sha256";
        Commands.Result result = Commands.runIn(archive.getParent(), List.of("sha256sum", "-c", checksumFile), null,
                Map.of());
        assertThat(result.exitCode()).as("sha256sum -c %s: %s%s", checksumFile, result.stdout(), result.stderr())
                .isZero();
    }

    /** Fails unless {@code file} itself (not a link's target) belongs to the user and is readable by it alone. */
    public static void assertOwnedAndPrivate(Path file, TestUser owner) throws IOException {
        assertThat(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as("owner of %s", file)
                .isEqualTo(owner.uid());
        assertThat(Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS)).as("group of %s", file)
                .isEqualTo(owner.gid());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)))
                .as("permissions of %s", file).isEqualTo("rw-------");
    }
}
