package dta.observatory.ingest.validation;

/**
 * Tunable limits of {@link SampleValidator}.
 *
 * @param maxFutureMs how far ahead of the ingest clock a timestamp may be (default 10 minutes)
 */
public record ValidationLimits(long maxFutureMs) {

    public static final ValidationLimits DEFAULTS = new ValidationLimits(600_000);

    public ValidationLimits {
        if (maxFutureMs < 0) {
            throw new IllegalArgumentException("maxFutureMs must not be negative, got " + maxFutureMs);
        }
    }
}
