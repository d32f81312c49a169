package dta.observatory.ingest.floodguard;

/**
 * A token bucket refilled continuously at {@code ratePerSecond}, holding at most {@code burst} tokens. Time comes
 * from the caller (nanoseconds), so tests drive it without sleeping. Thread-safe.
 */
public final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    /**
     * @param ratePerSecond tokens added per second, > 0
     * @param burst most tokens held at once (a full second's worth is the usual choice), > 0
     * @param nowNanos the clock at creation; the bucket starts full
     */
    public TokenBucket(double ratePerSecond, double burst, long nowNanos) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("ratePerSecond must be > 0, got " + ratePerSecond);
        }
        if (!(burst > 0)) {
            throw new IllegalArgumentException("burst must be > 0, got " + burst);
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    /** Takes up to {@code wanted} tokens and returns how many were granted (0..wanted). */
    public synchronized int take(int wanted, long nowNanos) {
        refill(nowNanos);
        int granted = (int) Math.min(wanted, Math.floor(tokens));
        tokens -= granted;
        return granted;
    }

    /** Gives back tokens taken by {@link #take} but not used (another bucket refused the samples). */
    public synchronized void giveBack(int count) {
        tokens = Math.min(burst, tokens + count);
    }

    /** Milliseconds until at least one token is available; 0 when one is available now. */
    public synchronized long millisUntilToken(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / ratePerNano / 1e6);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * ratePerNano);
            lastNanos = nowNanos;
        }
    }
}
