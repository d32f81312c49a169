package dta.observatory.alert.dispatch;

import java.time.Duration;

/**
 * How often and how patiently a failed delivery is tried again: {@code maxAttempts} in all, waiting
 * {@code initialBackoff} after the first failure and twice as long after each further one.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must not be negative, got " + initialBackoff);
        }
    }

    /** Wait before attempt number {@code attempt + 1}, after {@code attempt} failures (1-based). */
    public Duration backoffAfter(int attempt) {
        return initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    }
}
