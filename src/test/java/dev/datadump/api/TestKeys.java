package dev.datadump.api;

import dev.datadump.testing.Gpg;

import java.io.IOException;

/**
 * OpenPGP public keys made with the real GnuPG: a usable one, an expired one, a revoked one and
 * a sign-only one (no encryption key). Generated once per JVM.
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

    static synchronized TestKeys get() throws IOException {
        if (instance == null) {
            instance = generate();
        }
        return instance;
    }

    private static TestKeys generate() throws IOException {
        Gpg gpg = new Gpg();
        String valid = gpg.generateKey("valid@example.org", "future-default", "default", "never");
        String signOnly = gpg.generateKey("signonly@example.org", "ed25519", "sign", "never");
        String revoked = gpg.generateKey("revoked@example.org", "future-default", "default", "never");
        gpg.revokeKey(revoked);

        // A key made in the past that expired a few days later.
        gpg.run("--passphrase", "", "--faked-system-time", "20200101T000000", "--quick-gen-key",
                "Test <expired@example.org>", "future-default", "default", "2020-01-10");

        return new TestKeys(gpg.exportPublicKey(valid), gpg.exportPublicKey("expired@example.org"),
                gpg.exportPublicKey(revoked), gpg.exportPublicKey(signOnly));
    }
}
