package dev.datadump.pgp;

import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;

/**
 * Selects the key that an archive is encrypted to from an ASCII-armoured OpenPGP public key:
 * a key that may encrypt, is neither expired nor revoked, and whose primary key is neither.
 */
public final class EncryptionKeys {

    private EncryptionKeys() {
    }

    /**
     * Returns the newest usable encryption key (usually a subkey) of the armoured key text.
     *
     * @throws InvalidKeyException with a message that names what is wrong with the key
     */
    public static PGPPublicKey select(String armoredKey, Instant now) throws InvalidKeyException {
        String text = armoredKey == null ? "" : armoredKey.trim();
        if (!text.startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----")) {
            throw new InvalidKeyException("pgp_public_key is not an ASCII-armoured OpenPGP public key "
                    + "(expected '-----BEGIN PGP PUBLIC KEY BLOCK-----')");
        }

        PGPPublicKeyRingCollection rings;
        try (InputStream decoded = PGPUtil.getDecoderStream(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)))) {
            rings = new PGPPublicKeyRingCollection(decoded, new BcKeyFingerprintCalculator());
        } catch (IOException | PGPException | RuntimeException e) {
            throw new InvalidKeyException("pgp_public_key cannot be read as an OpenPGP public key: " + e.getMessage(), e);
        }

        if (rings.size() > 1) {
            throw new InvalidKeyException("pgp_public_key contains " + rings.size() + " keys; give exactly one, "
                    + "because the archive is encrypted to one key");
        }

        PGPPublicKey best = null;
        String reason = "it contains no key";
        for (Iterator<PGPPublicKeyRing> ringIterator = rings.getKeyRings(); ringIterator.hasNext(); ) {
            PGPPublicKeyRing ring = ringIterator.next();
            PGPPublicKey primary = ring.getPublicKey();
            if (primary.hasRevocation()) {
                reason = "its primary key is revoked";
                continue;
            }
            if (isExpired(primary, now)) {
                reason = "its primary key has expired";
                continue;
            }
            reason = "it holds no encryption key that is usable (not expired, not revoked)";
            for (Iterator<PGPPublicKey> keys = ring.getPublicKeys(); keys.hasNext(); ) {
                PGPPublicKey key = keys.next();
                if (isUsableForEncryption(key, primary, now)
                        && (best == null || key.getCreationTime().after(best.getCreationTime()))) {
                    best = key;
                }
            }
        }
        if (best == null) {
            throw new InvalidKeyException("pgp_public_key cannot be used for encryption: " + reason);
        }
        return best;
    }

    // Known limitation: revocations, expiry times and key flags are read from the key's
    // signatures without verifying those signatures. The key comes from the customer it protects,
    // so a forged signature can only make the customer's own archive unreadable to them.
    private static boolean isUsableForEncryption(PGPPublicKey key, PGPPublicKey primary, Instant now) {
        if (!key.isEncryptionKey() || key.hasRevocation() || isExpired(key, now)) {
            return false;
        }
        int signatureType = key == primary ? PGPSignature.POSITIVE_CERTIFICATION : PGPSignature.SUBKEY_BINDING;
        Integer flags = keyFlags(key, signatureType);
        if (flags == null && key == primary) {
            flags = keyFlags(key, PGPSignature.DEFAULT_CERTIFICATION);
        }
        // A key without a key-flags subpacket is usable by its algorithm alone (RFC 4880, 5.2.3.21).
        return flags == null || (flags & (KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE)) != 0;
    }

    private static Integer keyFlags(PGPPublicKey key, int signatureType) {
        Integer flags = null;
        for (Iterator<PGPSignature> signatures = key.getSignaturesOfType(signatureType); signatures.hasNext(); ) {
            PGPSignatureSubpacketVector hashed = signatures.next().getHashedSubPackets();
            if (hashed != null && hashed.getKeyFlags() != 0) {
                flags = (flags == null ? 0 : flags) | hashed.getKeyFlags();
            }
        }
        return flags;
    }

    private static boolean isExpired(PGPPublicKey key, Instant now) {
        long validSeconds = key.getValidSeconds();
        if (validSeconds <= 0) {
            return false;
        }
        Instant expiry = key.getCreationTime().toInstant().plusSeconds(validSeconds);
        return !now.isBefore(expiry);
    }
}
