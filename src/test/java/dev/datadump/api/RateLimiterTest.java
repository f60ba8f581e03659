package dev.datadump.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void burstThenRefillOverMinute() {
        RateLimiter limiter = new RateLimiter(6, "API key");
        long now = 1_000 * SECOND;
        for (int i = 0; i < 6; i++) {
            limiter.acquire("k", now);
        }

        assertThatThrownBy(() -> limiter.acquire("k", now))
                .isInstanceOf(RateLimitedException.class)
                .hasMessageContaining("6 per minute")
                .satisfies(e -> assertThat(((RateLimitedException) e).retryAfterSeconds()).isEqualTo(10));
        assertThatThrownBy(() -> limiter.acquire("k", now + 9 * SECOND)).isInstanceOf(RateLimitedException.class);
        limiter.acquire("k", now + 10 * SECOND);
        assertThatThrownBy(() -> limiter.acquire("k", now + 10 * SECOND)).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void namesHaveSeparateBuckets() {
        RateLimiter limiter = new RateLimiter(1, "address");
        limiter.acquire("a", 0);
        limiter.acquire("b", 0);

        assertThatThrownBy(() -> limiter.acquire("a", 0)).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void idleBucketRefillsOnlyToBurst() {
        RateLimiter limiter = new RateLimiter(2, "API key");
        limiter.acquire("k", 0);
        long later = 3600 * SECOND;
        limiter.acquire("k", later);
        limiter.acquire("k", later);

        assertThatThrownBy(() -> limiter.acquire("k", later)).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void zeroTurnsLimitOff() {
        RateLimiter limiter = new RateLimiter(0, "API key");
        for (int i = 0; i < 10_000; i++) {
            limiter.acquire("k", 0);
        }
    }
}
