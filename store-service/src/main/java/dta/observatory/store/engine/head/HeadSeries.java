package dta.observatory.store.engine.head;

import dta.observatory.store.engine.codec.XorChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-memory head of one series: Gorilla chunks of in-order samples plus a small sorted buffer of samples that
 * arrived late (inside the out-of-order window). Thread-safe: writers and readers synchronise on this object.
 *
 * <p>Duplicate policy (one place, used by appends and by WAL replay alike): a sample whose timestamp is already
 * present is not stored again; {@link #add} reports whether it was new.
 */
public final class HeadSeries {

    /** Samples per head chunk; bounds the cost of decoding for a query. */
    public static final int CHUNK_SAMPLES = 120;

    private final List<XorChunk> chunks = new ArrayList<>(2);
    private Samples late;
    /** Samples taken out by a head cut whose block is not published yet; queries still see them. */
    private Samples pending;
    // volatile: the append path reads them without taking the monitor
    private volatile long maxTs = Long.MIN_VALUE;
    private volatile long minTs = Long.MAX_VALUE;
    private volatile double lastValue = Double.NaN;
    private volatile int count;

    public int count() {
        return count;
    }

    public long maxTimestamp() {
        return maxTs;
    }

    public long minTimestamp() {
        return minTs;
    }

    public double lastValue() {
        return lastValue;
    }

    /** Bytes of heap the chunks and late buffer hold (approximate). */
    public synchronized long heapBytes() {
        long b = 64;
        for (XorChunk c : chunks) {
            b += 64 + c.byteCapacity();
        }
        if (late != null) {
            b += 48 + late.ts.length * 16L;
        }
        return b;
    }

    /** Stores a sample; false when a sample with that timestamp is already in the head. */
    public synchronized boolean add(long ts, double value) {
        if (ts > maxTs) {
            XorChunk open = chunks.isEmpty() ? null : chunks.get(chunks.size() - 1);
            if (open == null || open.count() >= CHUNK_SAMPLES) {
                if (open != null) {
                    open.trim();
                }
                open = new XorChunk();
                chunks.add(open);
            }
            open.append(ts, value);
            maxTs = ts;
            lastValue = value;
        } else {
            if (contains(ts)) {
                return false;
            }
            if (late == null) {
                late = new Samples(8);
            }
            late.insert(ts, value);
        }
        minTs = Math.min(minTs, ts);
        count++;
        return true;
    }

    /** The bits of the stored value at {@code ts}, or null. */
    public synchronized Long valueBitsAt(long ts) {
        if (pending != null) {
            int i = pending.lowerBound(ts);
            if (i < pending.size && pending.ts[i] == ts) {
                return Double.doubleToRawLongBits(pending.values[i]);
            }
        }
        if (late != null) {
            int i = late.lowerBound(ts);
            if (i < late.size && late.ts[i] == ts) {
                return Double.doubleToRawLongBits(late.values[i]);
            }
        }
        for (int c = chunks.size() - 1; c >= 0; c--) {
            XorChunk chunk = chunks.get(c);
            if (chunk.lastTimestamp() < ts) {
                return null;
            }
            if (chunk.firstTimestamp() <= ts) {
                XorChunk.Iterator it = chunk.iterator();
                while (it.next()) {
                    if (it.timestamp() == ts) {
                        return Double.doubleToRawLongBits(it.value());
                    }
                    if (it.timestamp() > ts) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    private boolean contains(long ts) {
        return valueBitsAt(ts) != null;
    }

    /** Samples with {@code from <= ts <= to}, ascending, including those of a cut in progress. */
    public synchronized Samples range(long from, long to) {
        Samples out = headRange(from, to);
        if (pending != null && pending.size > 0) {
            out = Samples.merge(out, pending.slice(from, to));
        }
        return out;
    }

    /** Samples still owned by the head (not those of a cut in progress). */
    public synchronized Samples headRange(long from, long to) {
        Samples out = new Samples(64);
        for (XorChunk chunk : chunks) {
            if (chunk.lastTimestamp() < from || chunk.firstTimestamp() > to) {
                continue;
            }
            XorChunk.Iterator it = chunk.iterator();
            while (it.next()) {
                long t = it.timestamp();
                if (t > to) {
                    break;
                }
                if (t >= from) {
                    out.add(t, it.value());
                }
            }
        }
        if (late != null && late.size > 0) {
            out = Samples.merge(out, late.slice(from, to));
        }
        return out;
    }

    /** At least the newest {@code n} samples (more when cheaper), ascending. */
    public synchronized Samples last(int n) {
        int k = chunks.size();
        int have = 0;
        while (k > 0 && have < n) {
            k--;
            have += chunks.get(k).count();
        }
        long from = k < chunks.size() ? chunks.get(k).firstTimestamp() : Long.MAX_VALUE;
        if (have < n) {
            from = Long.MIN_VALUE;
        }
        Samples out = range(from, Long.MAX_VALUE);
        return out;
    }

    /** The cut's block is published: forget the cut samples. */
    public synchronized void clearPending() {
        pending = null;
    }

    /** The cut's block could not be written: take the cut samples back into the head. */
    public synchronized void restorePending() {
        Samples p = pending;
        pending = null;
        if (p != null) {
            for (int i = 0; i < p.size; i++) {
                add(p.ts[i], p.values[i]);
            }
        }
    }

    /**
     * Removes and returns every sample with {@code ts < cutoff}; the rest is re-encoded into fresh chunks. The cut
     * samples stay visible to {@link #range} until {@link #clearPending()}.
     */
    public synchronized Samples cutBefore(long cutoff) {
        if (count == 0 || minTs >= cutoff) {
            return new Samples(0);
        }
        Samples all = headRange(Long.MIN_VALUE, Long.MAX_VALUE);
        int split = all.lowerBound(cutoff);
        Samples cut = all.slice(Long.MIN_VALUE, cutoff - 1);
        chunks.clear();
        late = null;
        count = 0;
        minTs = Long.MAX_VALUE;
        long keepMax = maxTs;
        double keepLast = lastValue;
        maxTs = Long.MIN_VALUE;
        for (int i = split; i < all.size; i++) {
            add(all.ts[i], all.values[i]);
        }
        pending = Samples.merge(pending, cut);
        // The newest timestamp stays the reference for the out-of-order window even if it was cut.
        if (keepMax > maxTs) {
            maxTs = keepMax;
            lastValue = keepLast;
        }
        return cut;
    }
}
