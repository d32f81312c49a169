package dta.observatory.store.engine.head;

import java.util.Arrays;

/** A growable pair of parallel arrays (timestamps, values) in ascending time order. Not thread-safe. */
public final class Samples {

    public long[] ts;
    public double[] values;
    public int size;

    public Samples() {
        this(16);
    }

    public Samples(int capacity) {
        ts = new long[Math.max(capacity, 4)];
        values = new double[ts.length];
    }

    public Samples(long[] ts, double[] values, int size) {
        this.ts = ts;
        this.values = values;
        this.size = size;
    }

    public void add(long t, double v) {
        if (size == ts.length) {
            ts = Arrays.copyOf(ts, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        ts[size] = t;
        values[size] = v;
        size++;
    }

    /** Index of the first sample with {@code ts >= t}. */
    public int lowerBound(long t) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ts[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Inserts at its sorted place (after any equal timestamps). */
    public void insert(long t, double v) {
        int at = lowerBound(t + 1 == Long.MIN_VALUE ? t : t + 1);
        if (t == Long.MAX_VALUE) {
            at = size;
        }
        add(0, 0);
        System.arraycopy(ts, at, ts, at + 1, size - 1 - at);
        System.arraycopy(values, at, values, at + 1, size - 1 - at);
        ts[at] = t;
        values[at] = v;
    }

    /**
     * Sorted, stable merge that keeps every sample: on equal timestamps the samples of {@code a} come first, then
     * those of {@code b} (equal timestamps are distinct events, never deduplicated).
     */
    public static Samples merge(Samples a, Samples b) {
        if (b == null || b.size == 0) {
            return a;
        }
        if (a == null || a.size == 0) {
            return b;
        }
        Samples out = new Samples(a.size + b.size);
        int i = 0;
        int j = 0;
        while (i < a.size || j < b.size) {
            if (j >= b.size || (i < a.size && a.ts[i] <= b.ts[j])) {
                out.add(a.ts[i], a.values[i]);
                i++;
            } else {
                out.add(b.ts[j], b.values[j]);
                j++;
            }
        }
        return out;
    }

    /** Samples with {@code from <= ts <= to}. */
    public Samples slice(long from, long to) {
        int start = lowerBound(from);
        int end = to == Long.MAX_VALUE ? size : lowerBound(to + 1);
        if (start == 0 && end == size) {
            return this;
        }
        int n = Math.max(0, end - start);
        return new Samples(Arrays.copyOfRange(ts, start, start + n), Arrays.copyOfRange(values, start, start + n), n);
    }
}
