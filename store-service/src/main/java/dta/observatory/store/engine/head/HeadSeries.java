package dta.observatory.store.engine.head;

import dta.observatory.store.engine.codec.XorChunk;
import java.util.Arrays;

/**
 * The head of one series: one open Gorilla chunk on the heap taking in-order samples, the full chunks before it in
 * {@link HeadChunkFiles} (off the heap, referenced by 8 bytes each), plus a small sorted buffer of samples that
 * arrived late (inside the out-of-order window). Thread-safe: writers and readers synchronise on this object.
 *
 * <p>Event semantics (one place, used by appends and by WAL replay alike): every sample is stored, including
 * several with the same timestamp; those stay separate events in arrival order (an equal timestamp is appended to
 * the open chunk, or inserted into the late buffer after the samples it equals). There is no value-based dedup.
 */
public final class HeadSeries {

    /** Samples per head chunk; bounds the cost of decoding for a query. */
    public static final int CHUNK_SAMPLES = 120;
    /**
     * Late samples kept in the sorted on-heap buffer before they go to {@link HeadChunkFiles} as one sorted chunk
     * (as Prometheus' out-of-order head chunks): a sorted insert stays a small copy however many samples arrive
     * late, which they do by the thousand when many clients write the same series concurrently.
     */
    public static final int LATE_CHUNK_SAMPLES = 32;
    /** How many late chunks of one size class merge into one of the next. */
    static final int LATE_MERGE_FAN_IN = 8;
    /** No late chunk grows beyond this (a Gorilla chunk of it stays far below a head chunk file segment). */
    static final int MAX_LATE_CHUNK_SAMPLES = 1 << 20;

    private static final long[] NO_REFS = new long[0];

    private final HeadChunkFiles files;
    /** References of the full chunks in {@link #files}, oldest first; exact length (a series has a handful). */
    private long[] full = NO_REFS;
    private int samplesInFull;
    /** References of sorted chunks of late samples in {@link #files}, in the order they were written. */
    private long[] lateChunks = NO_REFS;
    /** Takes in-order samples; moved to {@link #files} when full. Null when no in-order sample came since then. */
    private XorChunk open;
    /** Bytes the previous open chunk ended with: the next one starts at half of it and grows (1.5×) from there. */
    private int lastChunkBytes = 32;
    private Samples late;
    /** Samples taken out by a head cut whose block is not published yet; queries still see them. */
    private Samples pending;
    /** Identifies the cut {@link #pending} belongs to; -1 when there is none. */
    private int pendingTag = -1;
    // Plain fields, guarded by the monitor: a volatile write per field per sample costs a full fence each on the
    // hottest path of the engine.
    private long maxTs = Long.MIN_VALUE;
    private long minTs = Long.MAX_VALUE;
    private double lastValue = Double.NaN;
    private int count;

    public HeadSeries(HeadChunkFiles files) {
        this.files = files;
    }

    public synchronized int count() {
        return count;
    }

    /** The newest timestamp ever stored here (kept across cuts): the reference for the out-of-order window. */
    public synchronized long maxTimestamp() {
        return maxTs;
    }

    /**
     * {@link #maxTimestamp()} without the monitor, for the engine's append path: every writer of this series runs
     * under the engine's append lock, which that path holds too, so the read is current. The one writer outside it
     * (a failed cut putting samples back) never leaves it lower than before, and {@link #add} places each sample
     * correctly whatever the caller read.
     */
    public long maxTimestampUnderAppendLock() {
        return maxTs;
    }

    /** The newest sample ever stored here as one sample, or none: read together, under the monitor. */
    public synchronized Samples newest() {
        Samples out = new Samples(1);
        if (maxTs != Long.MIN_VALUE) {
            out.add(maxTs, lastValue);
        }
        return out;
    }

    public synchronized long minTimestamp() {
        return minTs;
    }

    /** The value stored with {@link #maxTimestamp()} (the newest; the last of several at that timestamp). */
    public synchronized double lastValue() {
        return lastValue;
    }

    /** Bytes of heap the chunks and late buffer hold (approximate). */
    public synchronized long heapBytes() {
        long b = 64 + 32 + 8L * full.length + 8L * lateChunks.length;
        if (open != null) {
            b += 64 + open.byteCapacity();
        }
        if (late != null) {
            b += 48 + late.ts.length * 16L;
        }
        return b;
    }

    /** Stores a sample: in order ({@code ts >= newest}) into the open chunk, otherwise into the late buffer. */
    public synchronized void add(long ts, double value) {
        if (ts >= maxTs) {
            if (open == null) {
                open = new XorChunk(lastChunkBytes / 2); // grows 1.5x: ~full size after two steps
            }
            open.append(ts, value);
            if (open.count() >= CHUNK_SAMPLES) {
                long ref = files.write(open);
                full = Arrays.copyOf(full, full.length + 1);
                full[full.length - 1] = ref;
                samplesInFull += open.count();
                lastChunkBytes = open.byteSize() + 8;
                open = null;
            }
            maxTs = ts;
            lastValue = value;
        } else {
            if (late == null) {
                late = new Samples(8);
            }
            late.insert(ts, value);
            if (late.size >= LATE_CHUNK_SAMPLES) {
                flushLateBuffer();
            }
        }
        if (ts < minTs) {
            minTs = ts;
        }
        count++;
    }

    /**
     * Moves the full late buffer to {@link #files} as a sorted chunk, then merges late chunks like a counter in base
     * {@link #LATE_MERGE_FAN_IN}: when the newest that many chunks are of the same size class, they become one of the
     * next class. A series thus keeps a logarithmic number of late chunks however many samples come late before the
     * next cut (which puts them all back in order), and each late sample is rewritten only log8(n) times: with a
     * base of 2 the rewrites took a fifth of the store's CPU under concurrent ingest.
     */
    private void flushLateBuffer() {
        appendLateChunk(late);
        late = null;
        while (lateChunks.length >= LATE_MERGE_FAN_IN) {
            int first = lateChunks.length - LATE_MERGE_FAN_IN;
            int sizeClass = sizeClass(files.count(lateChunks[lateChunks.length - 1]));
            long total = 0;
            boolean sameClass = true;
            for (int i = first; i < lateChunks.length && sameClass; i++) {
                int n = files.count(lateChunks[i]);
                sameClass = sizeClass(n) == sizeClass;
                total += n;
            }
            if (!sameClass || total > MAX_LATE_CHUNK_SAMPLES) {
                break;
            }
            Samples merged = null;
            for (int i = first; i < lateChunks.length; i++) { // oldest first: arrival order at equal timestamps
                Samples one = new Samples(files.count(lateChunks[i]));
                collect(files.iterator(lateChunks[i]), Long.MIN_VALUE, Long.MAX_VALUE, one);
                merged = Samples.merge(merged, one);
                files.release(lateChunks[i]);
            }
            lateChunks = Arrays.copyOf(lateChunks, first);
            appendLateChunk(merged);
        }
    }

    private void appendLateChunk(Samples run) {
        XorChunk sorted = new XorChunk(run.size * 8);
        for (int i = 0; i < run.size; i++) {
            sorted.append(run.ts[i], run.values[i]);
        }
        lateChunks = Arrays.copyOf(lateChunks, lateChunks.length + 1);
        lateChunks[lateChunks.length - 1] = files.write(sorted);
    }

    /** 0 for a flushed buffer, 1 for a merge of {@link #LATE_MERGE_FAN_IN} of those, and so on. */
    private static int sizeClass(int samples) {
        int c = 0;
        for (long limit = (long) LATE_CHUNK_SAMPLES * LATE_MERGE_FAN_IN; samples >= limit; limit *= LATE_MERGE_FAN_IN) {
            c++;
        }
        return c;
    }

    /** Chunks of late samples in the files (for tests: it must stay logarithmic). */
    synchronized int lateChunkCount() {
        return lateChunks.length;
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
        for (long ref : full) {
            if (files.lastTimestamp(ref) >= from && files.firstTimestamp(ref) <= to) {
                collect(files.iterator(ref), from, to, out);
            }
        }
        if (open != null && open.lastTimestamp() >= from && open.firstTimestamp() <= to) {
            collect(open.iterator(), from, to, out);
        }
        // late samples after the in-order ones at equal timestamps, older late chunks before newer ones
        for (long ref : lateChunks) {
            if (files.lastTimestamp(ref) >= from && files.firstTimestamp(ref) <= to) {
                Samples lateOnes = new Samples(LATE_CHUNK_SAMPLES);
                collect(files.iterator(ref), from, to, lateOnes);
                out = Samples.merge(out, lateOnes);
            }
        }
        if (late != null && late.size > 0) {
            out = Samples.merge(out, late.slice(from, to));
        }
        return out;
    }

    private static void collect(XorChunk.Iterator it, long from, long to, Samples out) {
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

    /** At least the newest {@code n} samples (more when cheaper), ascending. */
    public synchronized Samples last(int n) {
        return last(n, null);
    }

    /** Like {@link #last(int)}, reporting the pending cut's tag as {@link #range(long, long, int[])} does. */
    public synchronized Samples last(int n, int[] pendingTagOut) {
        int inOpen = open == null ? 0 : open.count();
        if (inOpen + samplesInFull < n) {
            // not enough in order: everything, with the late buffer and a cut in progress
            return range(Long.MIN_VALUE, Long.MAX_VALUE, pendingTagOut);
        }
        // the chunks holding the newest n in-order samples; late samples and pending ones from that time on
        long from;
        if (open != null && inOpen >= n) {
            from = open.firstTimestamp();
        } else {
            int k = full.length;
            int have = inOpen;
            while (k > 0 && have < n) {
                k--;
                have += files.count(full[k]);
            }
            from = files.firstTimestamp(full[k]);
        }
        return range(from, Long.MAX_VALUE, pendingTagOut);
    }

    private void releaseChunks() {
        for (long ref : full) {
            files.release(ref);
        }
        full = NO_REFS;
        samplesInFull = 0;
        for (long ref : lateChunks) {
            files.release(ref);
        }
        lateChunks = NO_REFS;
    }

    /** Gives back what this series holds in {@link HeadChunkFiles}: the series is gone (retention) or closing. */
    public synchronized void release() {
        releaseChunks();
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
        releaseChunks();
        open = null;
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
