package dev.datadump.store;

import dev.datadump.model.ApiKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** API keys. Secrets are random 256-bit values, so a plain SHA-256 hash is a safe way to keep them. */
public final class ApiKeyRepository {

    private static final SecureRandom random = new SecureRandom();

    private final Store store;

    public ApiKeyRepository(Store store) {
        this.store = store;
    }

    /** A new key with its secret in clear text; the secret is not kept and cannot be shown again. */
    public record IssuedKey(ApiKey key, String secret) {
    }

    /**
     * Issues a key for an admin or a customer (give exactly one id).
     *
     * @param validUntil  epoch milliseconds after which the key is rejected, or null
     * @param allowedFrom comma list of addresses and CIDR ranges, empty for any address
     */
    public IssuedKey issue(Long adminId, Long customerId, Long validUntil, String allowedFrom) {
        if ((adminId == null) == (customerId == null)) {
            throw new IllegalArgumentException("an API key belongs to exactly one admin or one customer");
        }
        String key = randomHex(24);
        String secret = randomHex(32);
        String hash = hashSecret(secret);
        long id = store.withConnection(connection -> Jdbc.insert(connection,
                "INSERT INTO api_keys (apikey, secret_hash, admin_id, customer_id, valid_until, allowed_from, created)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                key, hash, adminId, customerId, validUntil, allowedFrom, System.currentTimeMillis()));
        return new IssuedKey(new ApiKey(id, key, hash, adminId, customerId, validUntil, allowedFrom), secret);
    }

    public Optional<ApiKey> findByKey(String key) {
        return store.withConnection(connection -> Jdbc.queryOne(connection,
                "SELECT * FROM api_keys WHERE apikey = ?", ApiKeyRepository::map, key));
    }

    public List<ApiKey> list() {
        return store.withConnection(connection -> Jdbc.query(connection,
                "SELECT * FROM api_keys ORDER BY id", ApiKeyRepository::map));
    }

    /** Removes a key; returns false when it did not exist. */
    public boolean delete(String key) {
        return store.withConnection(connection -> Jdbc.update(connection,
                "DELETE FROM api_keys WHERE apikey = ?", key)) == 1;
    }

    /** Returns true when the secret matches the key's stored hash, compared in constant time. */
    public static boolean secretMatches(ApiKey key, String secret) {
        byte[] expected = key.secretHash().getBytes(StandardCharsets.US_ASCII);
        byte[] actual = hashSecret(secret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    static String hashSecret(String secret) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static String randomHex(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    static ApiKey map(ResultSet row) throws SQLException {
        return new ApiKey(row.getLong("id"), row.getString("apikey"), row.getString("secret_hash"),
                Jdbc.nullableLong(row, "admin_id"), Jdbc.nullableLong(row, "customer_id"),
                Jdbc.nullableLong(row, "valid_until"), row.getString("allowed_from"));
    }
}
