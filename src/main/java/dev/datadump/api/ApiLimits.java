package dev.datadump.api;

/**
 * The limits of the API server.
 *
 * @param requestsPerMinutePerKey     requests per minute (and burst) per API key; 0 for no limit
 * @param requestsPerMinutePerAddress requests per minute (and burst) per caller address; 0 for no limit
 * @param maxBodyBytes                maximum request body size in bytes
 * @param threads                     number of threads that handle requests
 */
public record ApiLimits(long requestsPerMinutePerKey, long requestsPerMinutePerAddress, int maxBodyBytes,
                        int threads) {

    public static final long DEFAULT_REQUESTS_PER_MINUTE = 120;
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_THREADS = 16;

    public ApiLimits {
        if (requestsPerMinutePerKey < 0 || requestsPerMinutePerAddress < 0) {
            throw new IllegalArgumentException("rate limits must not be negative");
        }
        if (maxBodyBytes < 1 || threads < 1) {
            throw new IllegalArgumentException("body size limit and thread count must be positive");
        }
    }
}
