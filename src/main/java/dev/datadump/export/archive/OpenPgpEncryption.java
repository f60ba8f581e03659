package dev.datadump.export.archive;

import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;

import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Date;

/**
 * OpenPGP encryption to one public key: a public-key encrypted session key packet, then a
 * symmetrically encrypted integrity-protected data packet (version 1, with modification
 * detection code) using AES-256, holding one binary literal data packet. There is no
 * compression packet, since the tar stream is already compressed. GnuPG 2.2 and later read it.
 */
public final class OpenPgpEncryption implements OutputStage {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final PGPPublicKey key;
    private final String literalFileName;

    /** Creates the stage; {@code literalFileName} is stored in the literal data packet. */
    public OpenPgpEncryption(PGPPublicKey key, String literalFileName) {
        this.key = key;
        this.literalFileName = literalFileName;
    }

    @Override
    public OutputStream open(OutputStream downstream) throws IOException {
        // The JDK's own AES and SHA-1 (through JCA) run the bulk encryption; they use the CPU's AES
        // instructions, which Bouncy Castle's lightweight classes do not.
        PGPEncryptedDataGenerator encryptor = new PGPEncryptedDataGenerator(
                new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                        .setWithIntegrityPacket(true)
                        .setSecureRandom(new SecureRandom()));
        encryptor.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(key));

        OutputStream encrypted;
        try {
            encrypted = encryptor.open(downstream, new byte[BUFFER_SIZE]);
        } catch (PGPException e) {
            throw new IOException("cannot start OpenPGP encryption to key " + Long.toHexString(key.getKeyID())
                    + ": " + e.getMessage(), e);
        }
        PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
        OutputStream literalData = literal.open(encrypted, PGPLiteralData.BINARY, literalFileName, new Date(),
                new byte[BUFFER_SIZE]);

        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                literalData.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                literalData.write(bytes, offset, length);
            }

            @Override
            public void close() throws IOException {
                literal.close();
                encryptor.close();
                downstream.close();
            }
        };
    }

    @Override
    public String fileNameSuffix() {
        return ".gpg";
    }
}
