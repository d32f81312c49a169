package dta.observatory.ingest.floodguard;

/** The flood guard dropped every sample of a request: answered gRPC RESOURCE_EXHAUSTED / HTTP 429. */
public class FloodedException extends RuntimeException {

    private final long dropped;
    private final long rejected;
    private final long retryAfterMillis;

    public FloodedException(long dropped, long rejected, long retryAfterMillis) {
        super("flood guard dropped all " + dropped + " valid sample(s) of the request (" + rejected
                + " rejected as invalid); the rate limit is exceeded, retry after " + retryAfterMillis + " ms");
        this.dropped = dropped;
        this.rejected = rejected;
        this.retryAfterMillis = retryAfterMillis;
    }

    public long dropped() {
        return dropped;
    }

    public long rejected() {
        return rejected;
    }

    public long retryAfterMillis() {
        return retryAfterMillis;
    }

    /** Whole seconds for an HTTP Retry-After header, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfterMillis + 999) / 1000);
    }
}
