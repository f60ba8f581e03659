package dev.datadump.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * OpenPGP public keys made with the real GnuPG in a temporary GNUPGHOME: a usable one, an
 * expired one, a revoked one and a sign-only one (no encryption key). Generated once per JVM.
 */
final class TestKeys {

    private static TestKeys instance;

    final String valid;
    final String expired;
    final String revoked;
    final String signOnly;

    private TestKeys(String valid, String expired, String revoked, String signOnly) {
        this.valid = valid;
        this.expired = expired;
        this.revoked = revoked;
        this.signOnly = signOnly;
    }

    static synchronized TestKeys get() throws IOException, InterruptedException {
        if (instance == null) {
            instance = generate();
        }
        return instance;
    }

    private static TestKeys generate() throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("datadump-gnupg",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

        gpg(home, "--quick-gen-key", "Valid <valid@example.org>", "future-default", "default", "never");
        gpg(home, "--faked-system-time", "20200101T000000", "--quick-gen-key", "Expired <expired@example.org>",
                "future-default", "default", "2020-01-10");
        gpg(home, "--quick-gen-key", "Sign only <signonly@example.org>", "ed25519", "sign", "never");
        gpg(home, "--quick-gen-key", "Revoked <revoked@example.org>", "future-default", "default", "never");

        // gpg stores a revocation certificate for each new key, its armour line prefixed by ':'
        // so that it is not imported by accident.
        String fingerprint = fingerprint(home, "revoked@example.org");
        Path certificate = home.resolve("openpgp-revocs.d").resolve(fingerprint + ".rev");
        Path importable = home.resolve("revoke.asc");
        Files.writeString(importable, Files.readString(certificate).replace(":-----BEGIN", "-----BEGIN"));
        gpg(home, "--import", importable.toString());

        return new TestKeys(export(home, "valid@example.org"), export(home, "expired@example.org"),
                export(home, "revoked@example.org"), export(home, "signonly@example.org"));
    }

    private static String export(Path home, String user) throws IOException, InterruptedException {
        String armoured = gpg(home, "--armor", "--export", user);
        if (!armoured.contains("BEGIN PGP PUBLIC KEY BLOCK")) {
            throw new IllegalStateException("gpg exported no key for " + user);
        }
        return armoured;
    }

    private static String fingerprint(Path home, String user) throws IOException, InterruptedException {
        for (String line : gpg(home, "--with-colons", "--fingerprint", user).split("\n")) {
            if (line.startsWith("fpr:")) {
                return line.split(":")[9];
            }
        }
        throw new IllegalStateException("gpg listed no fingerprint for " + user);
    }

    private static String gpg(Path home, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("gpg", "--batch", "--yes", "--passphrase", "",
                "--pinentry-mode", "loopback", "--homedir", home.toString()));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(home, "gpg", ".out");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(home.resolve("gpg.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run gpg (" + e.getMessage() + "): run the tests with bin/test, "
                    + "which installs GnuPG", e);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("gpg " + arguments[0] + " failed:\n"
                    + Files.readString(home.resolve("gpg.log")));
        }
        return Files.readString(output, StandardCharsets.UTF_8);
    }
}
