package dta.observatory.ingest.floodguard;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The seed's flood guard: one token bucket for all of ingest and one per source (per bearer token), each refilled
 * at its rate in samples per second with a one-second burst. Samples beyond the tokens are dropped, never queued,
 * and counted; {@link #drainDropped()} hands the count to the once-a-second {@code dta.dropped} reporter.
 *
 * <p>Per-source buckets are kept for at most {@link FloodGuardOptions#maxSources()} sources (sources come from the
 * configured tokens, so the number is small; the cap keeps memory bounded if auth is off and callers name
 * themselves).
 */
public final class FloodGuard {

    private final FloodGuardOptions options;
    private final LongSupplier nanoClock;
    private final TokenBucket overall;
    private final ConcurrentHashMap<String, TokenBucket> perSource = new ConcurrentHashMap<>();
    private final LongAdder droppedSinceDrain = new LongAdder();
    private final LongAdder droppedTotal = new LongAdder();

    public FloodGuard(FloodGuardOptions options, LongSupplier nanoClock) {
        this.options = options;
        this.nanoClock = nanoClock;
        this.overall = new TokenBucket(options.overallPerSecond(), options.overallPerSecond(), nanoClock.getAsLong());
    }

    /** What the guard let through of a batch. */
    public record Admission(int admitted, int dropped, long retryAfterMillis) {
    }

    /**
     * Admits up to {@code count} samples from {@code source} (null or blank for an unauthenticated caller).
     * The first {@code admitted} samples of the batch may be stored; the rest are dropped and counted.
     */
    public Admission admit(String source, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
        long now = nanoClock.getAsLong();
        TokenBucket own = bucketOf(source, now);
        int granted = own == null ? count : own.take(count, now);
        int overallGranted = overall.take(granted, now);
        if (own != null && overallGranted < granted) {
            own.giveBack(granted - overallGranted);
        }
        int dropped = count - overallGranted;
        long retryAfter = 0;
        if (dropped > 0) {
            droppedSinceDrain.add(dropped);
            droppedTotal.add(dropped);
            retryAfter = Math.max(1, Math.max(overall.millisUntilToken(now),
                    own == null ? 0 : own.millisUntilToken(now)));
        }
        return new Admission(overallGranted, dropped, retryAfter);
    }

    /** Samples dropped since the last call (the reporter calls this once a second). */
    public long drainDropped() {
        return droppedSinceDrain.sumThenReset();
    }

    /** Samples dropped since start. */
    public long droppedTotal() {
        return droppedTotal.sum();
    }

    private TokenBucket bucketOf(String source, long now) {
        String key = source == null || source.isBlank() ? FloodGuardOptions.ANONYMOUS : source;
        TokenBucket existing = perSource.get(key);
        if (existing != null) {
            return existing;
        }
        if (perSource.size() >= options.maxSources()) {
            // Bounded memory: an unknown source beyond the cap shares the anonymous bucket.
            return perSource.computeIfAbsent(FloodGuardOptions.ANONYMOUS,
                    k -> new TokenBucket(options.perSourcePerSecond(), options.perSourcePerSecond(), now));
        }
        return perSource.computeIfAbsent(key,
                k -> new TokenBucket(options.perSourcePerSecond(), options.perSourcePerSecond(), now));
    }
}
