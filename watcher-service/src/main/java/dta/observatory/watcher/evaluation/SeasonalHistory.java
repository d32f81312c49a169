package dta.observatory.watcher.evaluation;

import dta.observatory.watcher.rules.Seasonality;
import dta.observatory.watcher.rules.SeasonalSample;
import dta.observatory.watcher.rules.WatchRule;
import dta.observatory.watcher.rules.Window;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The AutoWatcher's seasonal history, read with the store's Range rpc and cached, because the past does not
 * change: for each metric, matchers and offset (1d, 2d, 3d, 7d...) one Range call reads the points around
 * {@code now - offset} plus one bucket ahead ({@code bucket}, default 10 min), and the following cycles cut their
 * window out of it. Only when a cycle's window leaves the cached span (it crossed into the next bucket) is the
 * next span read. So a rule costs one Range call per offset per bucket, not one per 2 s cycle, and rules on the
 * same metric and matchers share them.
 *
 * <p>At most {@code fetchesPerCycle} Range calls are made per cycle, so thousands of seasonal rules starting
 * together spread their first reads over several cycles (their rules judge with the rolling baseline meanwhile,
 * saying "seasonal history loading") instead of stretching one cycle; the spans they read then expire at
 * different times. Entries not used for two buckets are dropped. Used by the evaluation thread only.
 */
public final class SeasonalHistory {

    public static final Duration DEFAULT_BUCKET = Duration.ofMinutes(10);
    public static final int DEFAULT_FETCHES_PER_CYCLE = 200;
    /** A point window spanning less than this still looks at this much time around the past instant. */
    static final long MIN_SPAN_MS = 60_000;

    private record Key(String metric, Map<String, String> matchers, long offsetMs) {
    }

    private record Span(long fromMs, long toMs, SliceSource.Result result, long[] lastUsedMs) {
    }

    private final RangeSource source;
    private final long bucketMs;
    private final int fetchesPerCycle;
    private final Map<Key, Span> cache = new HashMap<>();
    private int fetchesLeft;
    private long rangeCalls;

    public SeasonalHistory(RangeSource source, Duration bucket, int fetchesPerCycle) {
        if (bucket.isNegative() || bucket.isZero()) {
            throw new IllegalArgumentException("seasonal bucket must be positive, got " + bucket);
        }
        if (fetchesPerCycle < 1) {
            throw new IllegalArgumentException("seasonal fetches per cycle must be at least 1, got "
                    + fetchesPerCycle);
        }
        this.source = source;
        this.bucketMs = bucket.toMillis();
        this.fetchesPerCycle = fetchesPerCycle;
        this.fetchesLeft = fetchesPerCycle;
    }

    /** Called at the start of every cycle: renews the Range call budget and drops spans no rule used lately. */
    public synchronized void startCycle(long nowMs) {
        fetchesLeft = fetchesPerCycle;
        for (Iterator<Span> it = cache.values().iterator(); it.hasNext();) {
            if (it.next().lastUsedMs()[0] < nowMs - 2 * bucketMs) {
                it.remove();
            }
        }
    }

    /** Range calls made so far (a metric, and what the tests count). */
    public synchronized long rangeCalls() {
        return rangeCalls;
    }

    /** Spans held. */
    public synchronized int cached() {
        return cache.size();
    }

    /**
     * The points around the same instant as the newest value of {@code recent}, one or more seasons earlier.
     *
     * @param seriesLabels the series of a per-series rule; null: every series matching the rule, pooled
     */
    public synchronized SeasonalSample sample(WatchRule rule, Map<String, String> seriesLabels, Window recent,
            long nowMs) {
        List<Duration> periods = rule.auto().seasonality();
        if (recent.size() == 0) {
            return SeasonalSample.missing(periods, "no recent value");
        }
        long[] ts = recent.timestampsMs();
        long atMs = ts[ts.length - 1];
        long span = rule.windowDuration().isZero() ? ts[ts.length - 1] - ts[0] : rule.windowDuration().toMillis();
        long halfMs = Math.max(span, MIN_SPAN_MS) / 2;
        String note = "";
        double[] pooled = new double[64];
        int n = 0;
        for (Seasonality.PastWindow w : Seasonality.pastWindows(periods, atMs, halfMs)) {
            Key key = new Key(rule.metric(), rule.matchers(), w.offsetMs());
            Span cached = cache.get(key);
            if (cached == null || cached.fromMs() > w.fromMs() || cached.toMs() < w.toMs()) {
                if (fetchesLeft <= 0) {
                    note = "seasonal history loading";
                    continue;
                }
                fetchesLeft--;
                rangeCalls++;
                // Read a little before (a point window's span varies) and one bucket ahead, never past now.
                long from = w.fromMs() - halfMs;
                long to = Math.max(w.toMs(), Math.min(w.toMs() + bucketMs, nowMs));
                try {
                    cached = new Span(from, to, source.range(rule.metric(), rule.matchers(), from, to),
                            new long[] {nowMs});
                } catch (RuntimeException e) {
                    note = "seasonal history unavailable: " + e.getMessage();
                    continue;
                }
                cache.put(key, cached);
            }
            cached.lastUsedMs()[0] = nowMs;
            for (SliceSource.SeriesWindow s : cached.result().series()) {
                if (seriesLabels != null && !seriesLabels.equals(s.labels())) {
                    continue;
                }
                Window past = s.window();
                for (int i = 0; i < past.size(); i++) {
                    long t = past.timestampsMs()[i];
                    if (t >= w.fromMs() && t <= w.toMs()) {
                        if (n == pooled.length) {
                            pooled = java.util.Arrays.copyOf(pooled, n * 2);
                        }
                        pooled[n++] = past.values()[i];
                    }
                }
            }
        }
        return new SeasonalSample(java.util.Arrays.copyOf(pooled, n), periods, note);
    }
}
