package dev.datadump.api;

import dev.datadump.auth.AddressRange;
import dev.datadump.model.Admin;
import dev.datadump.model.ApiKey;
import dev.datadump.model.Customer;
import dev.datadump.store.AdminRepository;
import dev.datadump.store.ApiKeyRepository;
import dev.datadump.store.CustomerRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Turns the Basic credentials of a request (user = API key, password = API secret) into the
 * {@link Caller}, checking the secret, the key's expiry and allowed-from list, and whether its
 * admin or customer may use the API.
 */
final class Authenticator {

    private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

    private final ApiKeyRepository keys;
    private final AdminRepository admins;
    private final CustomerRepository customers;

    Authenticator(ApiKeyRepository keys, AdminRepository admins, CustomerRepository customers) {
        this.keys = keys;
        this.admins = admins;
        this.customers = customers;
    }

    /** Basic credentials as sent: the API key and its secret. */
    record Credentials(String key, String secret) {
    }

    /**
     * Reads the Basic credentials of an {@code Authorization} header.
     *
     * @throws AuthenticationRequiredException when the header is absent or not readable Basic credentials
     */
    static Credentials credentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw new AuthenticationRequiredException("authentication required: send the API key and secret "
                    + "as HTTP Basic credentials");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationRequiredException("the Basic credentials are not valid Base64");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new AuthenticationRequiredException("the Basic credentials must be KEY:SECRET");
        }
        return new Credentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    /**
     * Returns the caller that owns the key.
     *
     * @throws ApiException 403 for an unknown key, a wrong secret, an expired key, an address outside
     *                      the key's allowed-from list, an owner not allowed to use the API, or a
     *                      deactivated customer
     */
    Caller authenticate(Credentials credentials, InetAddress remoteAddress, Instant now) {
        Optional<ApiKey> found = keys.findByKey(credentials.key());
        if (found.isEmpty() || !ApiKeyRepository.secretMatches(found.get(), credentials.secret())) {
            throw ApiException.forbidden("invalid API key or secret");
        }
        ApiKey key = found.get();

        if (key.validUntil() != null && now.toEpochMilli() > key.validUntil()) {
            throw ApiException.forbidden("the API key expired at " + Instant.ofEpochMilli(key.validUntil())
                    + "; ask your provider for a new key");
        }
        if (!isAllowedFrom(key, remoteAddress)) {
            throw ApiException.forbidden("the API key may not be used from address "
                    + Addresses.format(remoteAddress));
        }

        if (key.isAdminKey()) {
            Admin admin = admins.findById(key.adminId())
                    .orElseThrow(() -> ApiException.forbidden("invalid API key or secret"));
            if (!admin.apiAllowed()) {
                throw ApiException.forbidden("API use is not allowed for admin '" + admin.name() + "'");
            }
            return Caller.of(admin);
        }
        Customer customer = customers.findById(key.customerId())
                .orElseThrow(() -> ApiException.forbidden("invalid API key or secret"));
        if (customer.deactivated()) {
            throw ApiException.forbidden("customer '" + customer.loginName() + "' is deactivated");
        }
        if (!customer.apiAllowed()) {
            throw ApiException.forbidden("API use is not allowed for customer '" + customer.loginName() + "'");
        }
        return Caller.of(customer);
    }

    private static boolean isAllowedFrom(ApiKey key, InetAddress address) {
        List<AddressRange> ranges;
        try {
            ranges = AddressRange.parseList(key.allowedFrom());
        } catch (IllegalArgumentException e) {
            log.warn("API key {} has an invalid allowed-from list, so it is rejected: {}", key.key(), e.getMessage());
            return false;
        }
        return ranges.isEmpty() || ranges.stream().anyMatch(range -> range.contains(address));
    }
}
