package dta.observatory.store.engine.head;

import dta.observatory.store.engine.codec.XorChunk;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-memory head of one series: Gorilla chunks of in-order samples plus a small sorted buffer of samples that
 * arrived late (inside the out-of-order window). Thread-safe: writers and readers synchronise on this object.
 *
 * <p>Event semantics (one place, used by appends and by WAL replay alike): every sample is stored, including
 * several with the same timestamp; those stay separate events in arrival order (an equal timestamp is appended to
 * the open chunk, or inserted into the late buffer after the samples it equals). There is no value-based dedup.
 */
public final class HeadSeries {

    /** Samples per head chunk; bounds the cost of decoding for a query. */
    public static final int CHUNK_SAMPLES = 120;

    private final List<XorChunk> chunks = new ArrayList<>(2);
    private Samples late;
    /** Samples taken out by a head cut whose block is not published yet; queries still see them. */
    private Samples pending;
    /** Identifies the cut {@link #pending} belongs to; -1 when there is none. */
    private int pendingTag = -1;
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

    /** Stores a sample: in order ({@code ts >= newest}) into the open chunk, otherwise into the late buffer. */
    public synchronized void add(long ts, double value) {
        if (ts >= maxTs) {
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
            if (late == null) {
                late = new Samples(8);
            }
            late.insert(ts, value);
        }
        minTs = Math.min(minTs, ts);
        count++;
    }

    /** Samples with {@code from <= ts <= to}, ascending, including those of a cut in progress. */
    public synchronized Samples range(long from, long to) {
        return range(from, to, null);
    }

    /**
     * Like {@link #range(long, long)}; when {@code pendingTagOut} is given, its first element receives the tag of
     * the cut whose samples were included ({@code -1} if none), read atomically with the samples. Pending samples
     * come first on equal timestamps: they arrived before anything still in the head at that timestamp.
     */
    public synchronized Samples range(long from, long to, int[] pendingTagOut) {
        Samples out = headRange(from, to);
        boolean withPending = pending != null && pending.size > 0;
        if (withPending) {
            out = Samples.merge(pending.slice(from, to), out);
        }
        if (pendingTagOut != null) {
            pendingTagOut[0] = withPending ? pendingTag : -1;
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
        return last(n, null);
    }

    /** Like {@link #last(int)}, reporting the pending cut's tag as {@link #range(long, long, int[])} does. */
    public synchronized Samples last(int n, int[] pendingTagOut) {
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
        return range(from, Long.MAX_VALUE, pendingTagOut);
    }

    /** The cut's block is published: forget the cut samples. */
    public synchronized void clearPending() {
        pending = null;
        pendingTag = -1;
    }

    /** The cut's block could not be written: take the cut samples back into the head. */
    public synchronized void restorePending() {
        Samples p = pending;
        pending = null;
        pendingTag = -1;
        if (p != null && p.size > 0) {
            // rebuild so that the restored samples precede later arrivals at equal timestamps
            rebuild(Samples.merge(p, headRange(Long.MIN_VALUE, Long.MAX_VALUE)), 0);
        }
    }

    /** Replaces the head's content by {@code all[from..)} (ascending); keeps the newest timestamp as reference. */
    private void rebuild(Samples all, int from) {
        long keepMax = maxTs;
        double keepLast = lastValue;
        chunks.clear();
        late = null;
        count = 0;
        minTs = Long.MAX_VALUE;
        maxTs = Long.MIN_VALUE;
        for (int i = from; i < all.size; i++) {
            add(all.ts[i], all.values[i]);
        }
        // The newest timestamp stays the reference for the out-of-order window even if it was cut.
        if (keepMax > maxTs) {
            maxTs = keepMax;
            lastValue = keepLast;
        }
    }

    /**
     * Removes and returns every sample with {@code ts < cutoff}; the rest is re-encoded into fresh chunks. The cut
     * samples stay visible to {@link #range} until {@link #clearPending()}; {@code tag} identifies the cut (the
     * engine uses the WAL segment its blocks carry) so a reader can tell whether it also sees the cut's blocks.
     */
    public synchronized Samples cutBefore(long cutoff, int tag) {
        if (count == 0 || minTs >= cutoff) {
            return new Samples(0);
        }
        Samples all = headRange(Long.MIN_VALUE, Long.MAX_VALUE);
        int split = all.lowerBound(cutoff);
        Samples cut = all.slice(Long.MIN_VALUE, cutoff - 1);
        rebuild(all, split);
        pending = Samples.merge(pending, cut);
        pendingTag = tag;
        return cut;
    }
}
