package dev.datadump.pgp;

import dev.datadump.testing.Gpg;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key selection on keys made by real GnuPG. */
class EncryptionKeysIT {

    private static Gpg gpg;
    private static String goodFingerprint;

    @BeforeAll
    static void makeHome() throws Exception {
        gpg = new Gpg();
        goodFingerprint = gpg.generateKey("good@example.com", "default", "default", "1y");
    }

    @Test
    void selectsEncryptionSubkeyOfValidKey() throws Exception {
        PGPPublicKey key = EncryptionKeys.select(gpg.exportPublicKey(goodFingerprint), Instant.now());

        assertThat(key.isEncryptionKey()).isTrue();
        assertThat(key.isMasterKey()).isFalse();
        String subkeys = gpg.run("--with-colons", "--with-subkey-fingerprints", "--list-keys", goodFingerprint);
        assertThat(subkeys.toUpperCase()).contains(HexFormat.of().withUpperCase().formatHex(key.getFingerprint()));
    }

    @Test
    void acceptsCurve25519Key() throws Exception {
        String fingerprint = gpg.generateKey("ecc@example.com", "future-default", "default", "1y");

        assertThat(EncryptionKeys.select(gpg.exportPublicKey(fingerprint), Instant.now()).isEncryptionKey()).isTrue();
    }

    @Test
    void rejectsExpiredKey() throws Exception {
        String fingerprint = gpg.generateKey("expired@example.com", "default", "default", "seconds=1");
        String armored = gpg.exportPublicKey(fingerprint);

        assertThatThrownBy(() -> EncryptionKeys.select(armored, Instant.now().plusSeconds(5)))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void rejectsRevokedKey() throws Exception {
        String fingerprint = gpg.generateKey("revoked@example.com", "default", "default", "1y");
        gpg.revokeKey(fingerprint);
        String armored = gpg.exportPublicKey(fingerprint);

        assertThatThrownBy(() -> EncryptionKeys.select(armored, Instant.now()))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("revoked");
    }

    @Test
    void rejectsSignOnlyKey() throws Exception {
        String fingerprint = gpg.generateKey("sign@example.com", "ed25519", "sign", "1y");
        String armored = gpg.exportPublicKey(fingerprint);

        assertThatThrownBy(() -> EncryptionKeys.select(armored, Instant.now()))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("no encryption key");
    }

    @Test
    void rejectsTwoKeysInOneBlock() throws Exception {
        String other = gpg.generateKey("other@example.com", "default", "default", "1y");
        String both = gpg.run("--armor", "--export", goodFingerprint, other);

        assertThatThrownBy(() -> EncryptionKeys.select(both, Instant.now()))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("contains 2 keys");
    }

    @Test
    void rejectsTextThatIsNotArmouredKey() {
        assertThatThrownBy(() -> EncryptionKeys.select("ssh-ed25519 AAAAC3Nza", Instant.now()))
                .isInstanceOf(InvalidKeyException.class)
                .hasMessageContaining("not an ASCII-armoured OpenPGP public key");
        assertThatThrownBy(() -> EncryptionKeys.select(null, Instant.now()))
                .isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void rejectsDamagedArmour() {
        String damaged = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm90IGEga2V5\n-----END PGP PUBLIC KEY BLOCK-----\n";

        assertThatThrownBy(() -> EncryptionKeys.select(damaged, Instant.now()))
                .isInstanceOf(InvalidKeyException.class);
    }
}
