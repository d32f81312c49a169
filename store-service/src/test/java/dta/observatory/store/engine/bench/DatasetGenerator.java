package dta.observatory.store.engine.bench;

import dta.observatory.store.storage.SeriesKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The benchmark dataset, seeded and reproducible: {@code series} series sampled every {@code stepMs} over
 * {@code steps} steps from {@code startMs}, a quarter of each kind (series i has kind i % 4):
 * <ul>
 * <li>{@code up}: 0/1 success flags, 1 most of the time, with failure bursts (a burst starts with probability 1/2000
 * per step and lasts 3–60 steps, inside which each sample is 0 with probability 0.7);</li>
 * <li>{@code gauge}: two decimals, a level in [10, 1000) plus a daily sine of ±10 % plus Gaussian noise of σ = 1 % of
 * the level, rounded to 0.01 (random noise: nothing smoothed);</li>
 * <li>{@code counter}: a monotonic integer counter growing by Poisson-like increments of a per-series rate in
 * [0, 500) per step (with occasional idle steps);</li>
 * <li>{@code latency}: one decimal, log-normal (median 20–200 ms, σ = 0.6), with spikes ×10–×50 with probability
 * 1/1000, rounded to 0.1.</li>
 * </ul>
 * Timestamps: each series has a fixed phase in [0, stepMs) ms and then exactly {@code stepMs}, optionally plus a
 * uniform jitter of ±{@code jitterMs} ms per sample (scrape jitter). The generator is a pure function of the seed:
 * {@link #sample(int, int)} can be called in any order.
 */
public final class DatasetGenerator {

    public static final String[] KINDS = {"up", "gauge", "counter", "latency"};

    private final long seed;
    private final int series;
    private final int steps;
    private final long startMs;
    private final long stepMs;
    private final int jitterMs;
    private final List<SeriesKey> keys = new ArrayList<>();
    private final long[] phase;
    private final double[] level;
    private final double[] rate;
    private final double[] median;
    // per-series running state for sequential generation
    private final double[] counter;
    private final int[] burstLeft;
    private final SplittableRandom[] rnd;

    public DatasetGenerator(long seed, int series, int steps, long startMs, long stepMs, int jitterMs) {
        this.seed = seed;
        this.series = series;
        this.steps = steps;
        this.startMs = startMs;
        this.stepMs = stepMs;
        this.jitterMs = jitterMs;
        phase = new long[series];
        level = new double[series];
        rate = new double[series];
        median = new double[series];
        counter = new double[series];
        burstLeft = new int[series];
        rnd = new SplittableRandom[series];
        SplittableRandom setup = new SplittableRandom(seed);
        for (int i = 0; i < series; i++) {
            String kind = KINDS[i % 4];
            keys.add(SeriesKey.of("bench_" + kind, Map.of("instance", "host-" + (i / 4) % 500, "job", "svc-"
                    + (i / 2000), "series", Integer.toString(i))));
            phase[i] = setup.nextLong(stepMs);
            level[i] = 10 + setup.nextDouble() * 990;
            rate[i] = setup.nextDouble() * 500;
            median[i] = 20 + setup.nextDouble() * 180;
            counter[i] = setup.nextInt(1_000_000);
            rnd[i] = new SplittableRandom(seed * 31 + i);
        }
    }

    public int series() {
        return series;
    }

    public int steps() {
        return steps;
    }

    public long samples() {
        return (long) series * steps;
    }

    public SeriesKey key(int i) {
        return keys.get(i);
    }

    public String kind(int i) {
        return KINDS[i % 4];
    }

    /** Timestamp of step {@code step} of series {@code i}. Call {@link #value} for each (i, step) in step order. */
    public long timestamp(int i, int step) {
        long t = startMs + phase[i] + step * stepMs;
        if (jitterMs > 0) {
            // a hash, so the jitter does not consume the value generator's random stream
            long h = mix(seed ^ ((long) i << 32) ^ step);
            t += Math.floorMod(h, 2 * jitterMs + 1) - jitterMs;
        }
        return t;
    }

    /** Next value of series {@code i} (sequential per series). */
    public double value(int i, int step) {
        SplittableRandom r = rnd[i];
        switch (i % 4) {
            case 0 -> {
                if (burstLeft[i] > 0) {
                    burstLeft[i]--;
                    return r.nextDouble() < 0.7 ? 0 : 1;
                }
                if (r.nextInt(2000) == 0) {
                    burstLeft[i] = 3 + r.nextInt(58);
                }
                return 1;
            }
            case 1 -> {
                double day = 2 * Math.PI * ((step * stepMs) % 86_400_000L) / 86_400_000.0;
                double v = level[i] * (1 + 0.1 * Math.sin(day)) + gaussian(r) * level[i] * 0.01;
                return Math.round(v * 100) / 100.0;
            }
            case 2 -> {
                if (r.nextInt(50) != 0) {
                    double inc = rate[i] + gaussian(r) * Math.sqrt(rate[i] + 1);
                    counter[i] += Math.max(0, Math.round(inc));
                }
                return counter[i];
            }
            default -> {
                double v = median[i] * Math.exp(0.6 * gaussian(r));
                if (r.nextInt(1000) == 0) {
                    v *= 10 + r.nextInt(41);
                }
                return Math.round(v * 10) / 10.0;
            }
        }
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1 == 0 ? Double.MIN_VALUE : u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
