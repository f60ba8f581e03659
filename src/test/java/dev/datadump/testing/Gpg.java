package dev.datadump.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real GnuPG in a private home folder, for making test keys and reading encrypted archives. */
public final class Gpg {

    private final Path home;

    /** Creates an empty home; its gpg-agent is stopped and the home removed when the JVM exits. */
    public Gpg() throws IOException {
        home = Files.createTempDirectory("datadump-gnupg");
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAgentAndRemoveHome, "gpg-cleanup"));
    }

    private void stopAgentAndRemoveHome() {
        try {
            Process kill = new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(10, TimeUnit.SECONDS);
            try (var paths = Files.walk(home)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        } catch (IOException e) {
            System.err.println("cannot clean up the GnuPG home " + home + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public Path home() {
        return home;
    }

    /**
     * Generates a key pair without passphrase and returns its fingerprint.
     *
     * @param algorithm {@code default} or e.g. {@code ed25519}
     * @param usage     {@code default} (sign + encryption subkey) or {@code sign}
     * @param expire    {@code 1y}, {@code seconds=1}, ...
     */
    public String generateKey(String email, String algorithm, String usage, String expire) {
        run("--passphrase", "", "--quick-gen-key", "Test <" + email + ">", algorithm, usage, expire);
        String listing = run("--with-colons", "--list-keys", email);
        for (String line : listing.split("\n")) {
            if (line.startsWith("fpr:")) {
                return line.split(":")[9];
            }
        }
        throw new IllegalStateException("gpg printed no fingerprint for " + email + ": " + listing);
    }

    /** Returns the ASCII-armoured public key. */
    public String exportPublicKey(String fingerprint) {
        return run("--armor", "--export", fingerprint);
    }

    /** Revokes the whole key with the revocation certificate gpg made when it generated the key. */
    public void revokeKey(String fingerprint) throws IOException {
        Path certificate = home.resolve("openpgp-revocs.d").resolve(fingerprint + ".rev");
        // gpg prefixes the armour line with ':' so the certificate is not imported by accident.
        String text = Files.readString(certificate).replace(":-----BEGIN PGP PUBLIC KEY BLOCK-----",
                "-----BEGIN PGP PUBLIC KEY BLOCK-----");
        Path clean = home.resolve(fingerprint + ".rev.asc");
        Files.writeString(clean, text);
        run("--import", clean.toString());
    }

    /** Decrypts a file with the secret keys of this home, writing the plain text to {@code output}. */
    public void decrypt(Path encrypted, Path output) {
        run("--output", output.toString(), "--decrypt", encrypted.toString());
    }

    /**
     * Decrypts like {@link #decrypt} and returns GnuPG's status lines ({@code --status-fd}, such as
     * {@code DECRYPTION_INFO}) followed by its diagnostics, for checks of how the file was encrypted.
     */
    public String decryptWithStatus(Path encrypted, Path output) {
        Output result = execute("--status-fd", "1", "--output", output.toString(), "--decrypt", encrypted.toString());
        return result.stdout() + result.stderr();
    }

    /** Runs gpg in batch mode on this home and returns its standard output; fails on a non-zero exit. */
    public String run(String... args) {
        return execute(args).stdout();
    }

    private record Output(String stdout, String stderr) {
    }

    private Output execute(String... args) {
        List<String> command = new ArrayList<>(List.of("gpg", "--batch", "--yes", "--homedir", home.toString(),
                "--pinentry-mode", "loopback"));
        command.addAll(List.of(args));
        try {
            Path stderr = Files.createTempFile("gpg", ".err");
            Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            process.getOutputStream().close();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("gpg " + String.join(" ", args) + " did not finish in 120 s");
            }
            String errors = Files.readString(stderr);
            Files.delete(stderr);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("gpg " + String.join(" ", args) + " failed with exit code "
                        + process.exitValue() + ": " + errors);
            }
            return new Output(stdout, errors);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run gpg (install GnuPG, or use bin/test): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running gpg", e);
        }
    }
}
