package dta.observatory.alert.dispatch;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How often and how patiently a failed delivery is tried again: {@code maxAttempts} in all, waiting
 * {@code initialBackoff} after the first failure and twice as long after each further one, never more than
 * {@code maxBackoff}. Each wait is shortened by a random part up to {@code jitter} (0..1) of it, so that
 * receivers coming back up are not hit by every sender at the same instant.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofMinutes(5), 0.2);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative()) {
            throw new IllegalArgumentException("initialBackoff must not be negative, got " + initialBackoff);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must be at least initialBackoff, got " + maxBackoff);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, got " + jitter);
        }
    }

    public RetryPolicy(int maxAttempts, Duration initialBackoff) {
        this(maxAttempts, initialBackoff, initialBackoff.multipliedBy(1L << 20), 0);
    }

    /** Wait before attempt number {@code attempt + 1}, after {@code attempt} failures (1-based), without jitter. */
    public Duration backoffAfter(int attempt) {
        Duration d = initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    /** The wait with jitter; {@code random} yields values in [0, 1). */
    public long backoffMillis(int attempt, DoubleSupplier random) {
        long base = backoffAfter(attempt).toMillis();
        return base - (long) (base * jitter * random.getAsDouble());
    }
}
