package dta.observatory.ingest.floodguard;

/**
 * Limits of the {@link FloodGuard}.
 *
 * @param overallPerSecond samples per second all sources together may send (default 10,000)
 * @param perSourcePerSecond samples per second one source (one bearer token) may send (default 10,000)
 * @param maxSources most per-source buckets kept; further sources share one bucket (default 10,000)
 */
public record FloodGuardOptions(double overallPerSecond, double perSourcePerSecond, int maxSources) {

    /** The bucket of callers without a source (auth off) and of sources beyond {@link #maxSources}. */
    public static final String ANONYMOUS = "";

    public static final FloodGuardOptions DEFAULTS = new FloodGuardOptions(10_000, 10_000, 10_000);

    public FloodGuardOptions {
        if (!(overallPerSecond >= 1)) {
            throw new IllegalArgumentException("overallPerSecond must be >= 1, got " + overallPerSecond);
        }
        if (!(perSourcePerSecond >= 1)) {
            throw new IllegalArgumentException("perSourcePerSecond must be >= 1, got " + perSourcePerSecond);
        }
        if (maxSources < 1) {
            throw new IllegalArgumentException("maxSources must be >= 1, got " + maxSources);
        }
    }
}
