package dev.datadump.model;

/**
 * An API key of an admin or of a customer (exactly one of the two ids is set). The secret is
 * kept only as a SHA-256 hash. {@code validUntil} is epoch milliseconds or null for no expiry;
 * {@code allowedFrom} is a comma list of addresses and CIDR ranges, empty for any address.
 */
public record ApiKey(long id, String key, String secretHash, Long adminId, Long customerId, Long validUntil,
                     String allowedFrom) {

    public boolean isAdminKey() {
        return adminId != null;
    }
}
