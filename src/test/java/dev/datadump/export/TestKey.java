package dev.datadump.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** An OpenPGP key pair made by GnuPG in its own temporary home, for encrypting and decrypting test archives. */
record TestKey(Path home, String userId, String armoredPublicKey) {

    /** Generates a key pair; {@code expiry} is GnuPG's expiry argument ("never", "1y" ...). */
    static TestKey generate(Path home, String expiry) throws IOException {
        java.nio.file.Files.createDirectories(home);
        java.nio.file.Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        String userId = "DataDump Test <test-" + System.nanoTime() + "@example.com>";
        gpg(home, "--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--quick-gen-key", userId,
                "rsa3072", "sign,encrypt", expiry);
        String armored = gpg(home, "--armor", "--export", userId);
        return new TestKey(home, userId, armored);
    }

    /** Decrypts {@code encrypted} into {@code output} with the secret key; returns GnuPG's status output. */
    String decrypt(Path encrypted, Path output) throws IOException {
        EngineTestSupport.Result result = EngineTestSupport.run(List.of("gpg", "--homedir", home.toString(), "--batch",
                "--pinentry-mode", "loopback", "--passphrase", "", "--status-fd", "1", "--output", output.toString(),
                "--decrypt", encrypted.toString()), null, Map.of());
        if (result.exitCode() != 0) {
            throw new AssertionError("gpg --decrypt failed: " + result.stderr());
        }
        return result.stdout() + result.stderr();
    }

    private static String gpg(Path home, String... arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("gpg", "--homedir", home.toString()));
        command.addAll(List.of(arguments));
        EngineTestSupport.Result result = EngineTestSupport.run(command, null, Map.of());
        if (result.exitCode() != 0) {
            throw new AssertionError("gpg " + List.of(arguments) + " failed: " + result.stderr());
        }
        return result.stdout();
    }
}
