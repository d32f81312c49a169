package dta.observatory.store.engine;

import dta.observatory.store.engine.block.BlockMeta;
import dta.observatory.store.engine.block.BlockReader;
import dta.observatory.store.engine.block.BlockWriter;
import dta.observatory.store.engine.block.SeriesData;
import dta.observatory.store.engine.codec.ByteSink;
import dta.observatory.store.engine.codec.ByteSource;
import dta.observatory.store.engine.head.HeadChunkFiles;
import dta.observatory.store.engine.head.HeadSeries;
import dta.observatory.store.engine.head.Samples;
import dta.observatory.store.engine.index.PostingsIndex;
import dta.observatory.store.engine.retention.Rollups;
import dta.observatory.store.engine.wal.Wal;
import dta.observatory.store.engine.wal.WalReader;
import dta.observatory.store.storage.AppendOutcome;
import dta.observatory.store.storage.HourRollup;
import dta.observatory.store.storage.LabelQuery;
import dta.observatory.store.storage.LabelSets;
import dta.observatory.store.storage.LastN;
import dta.observatory.store.storage.MetricSummary;
import dta.observatory.store.storage.Point;
import dta.observatory.store.storage.QueryResult;
import dta.observatory.store.storage.RangeData;
import dta.observatory.store.storage.SampleRejection;
import dta.observatory.store.storage.SeriesKey;
import dta.observatory.store.storage.SeriesPoints;
import dta.observatory.store.storage.SeriesRange;
import dta.observatory.store.storage.Storage;
import dta.observatory.store.storage.StoredSample;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * The durable engine behind {@link Storage}: WAL with group commit, an in-memory head of Gorilla chunks, immutable
 * zstd blocks, hourly roll-ups past the raw retention, and a disk quota. File layout: {@code
 * docs/storage-format.md}.
 *
 * <p>Contract of {@link #append}: when it returns, every accepted sample is in the WAL and fsynced. Samples become
 * readable a moment before that fsync (while other appends may be syncing); a crash in that moment loses them,
 * and their append never returned.
 *
 * <p>Out-of-order policy, with event semantics: a sample whose timestamp is at or after its series' newest is
 * stored (appended in arrival order; several samples with the same timestamp are distinct events, e.g. payments in
 * one millisecond). An older one is stored if it is no more than {@link StorageOptions#outOfOrderWindow()} behind
 * the series' newest sample (after any stored samples with the same timestamp), else rejected {@code OUT_OF_ORDER}.
 * Samples older than the raw retention or too far in the future are rejected {@code TIMESTAMP_OUT_OF_BOUNDS}.
 * Nothing is deduplicated by value, anywhere: a client retry of an accepted batch stores it twice.
 *
 * <p>Since samples are never deduplicated, WAL replay must apply each sample exactly once; head cuts write
 * checkpoint segments for that (see {@link #cutHead} and {@code docs/storage-format.md}).
 */
public final class TsdbStorage implements Storage {

    private static final System.Logger LOG = System.getLogger(TsdbStorage.class.getName());
    static final int TAG_SERIES = 1;
    static final int TAG_SAMPLE = 2;
    /** A sample of a head checkpoint (same encoding as {@link #TAG_SAMPLE}); counts only in a marked segment. */
    static final int TAG_CHECKPOINT_SAMPLE = 3;
    /**
     * Source positions (partition → next offset to read) written in the same record as the samples they cover, so a
     * torn record loses both together.
     */
    static final int TAG_POSITIONS = 4;
    /** The positions of a head checkpoint; like {@link #TAG_CHECKPOINT_SAMPLE}, they count only in a marked segment. */
    static final int TAG_CHECKPOINT_POSITIONS = 5;
    private static final int REWRITE_RECORD_BYTES = 1 << 20;

    private final Path walDir;
    private final Path blocksDir;
    private final Path rollupsDir;
    private final Path headDir;
    private final StorageOptions options;
    private final Clock clock;
    private final StorageListener listener;

    private final ConcurrentHashMap<SeriesKey, Series> seriesByKey = new ConcurrentHashMap<>();
    private final Object seriesLock = new Object();
    /** Metric and label names, one copy each (under seriesLock). */
    private final Map<String, String> names = new HashMap<>();
    private volatile Series[] byId = new Series[1024];
    private volatile int seriesCount;
    private final PostingsIndex index = new PostingsIndex();

    private final Object appendLock = new Object();
    private final ByteSink walBuf = new ByteSink(1 << 16);
    private long batchCounter;
    private Wal wal;
    /** Full head chunks, off the heap; created empty at every open (the WAL replay refills them). */
    private HeadChunkFiles headChunks;

    private final Object maintenanceLock = new Object();
    private volatile List<BlockReader> blocks = List.of();
    private volatile List<BlockReader> rollups = List.of();
    private final AtomicLong maxSeenTs = new AtomicLong(Long.MIN_VALUE);
    private ScheduledExecutorService scheduler;
    private volatile boolean closed;
    private volatile boolean diskHigh;

    /** Highest source position per partition written to the WAL (under appendLock): what a checkpoint carries. */
    private final Map<Integer, Long> positions = new HashMap<>();
    /** Highest source position per partition whose record is fsynced (under itself). */
    private final Map<Integer, Long> durablePositions = new HashMap<>();

    private final LongAdder appended = new LongAdder();
    private final LongAdder rejectedOutOfOrder = new LongAdder();
    private final LongAdder rejectedBounds = new LongAdder();

    /** Engine-side state of one series. Fields without {@code volatile} are guarded by {@code appendLock}. */
    private static final class Series {
        final int id;
        final SeriesKey key;
        final HeadSeries head;
        int walSegment = -1;
        long batch;
        long pendingMax;
        /**
         * The newest sample found in the blocks, for {@link #listMetrics} when the head has none (after a restart):
         * written once, lazily, by the query path; appends never touch it (the head knows their newest sample).
         */
        volatile Samples newestInBlocks;

        Series(int id, SeriesKey key, HeadChunkFiles headChunks) {
            this.id = id;
            this.key = key;
            this.head = new HeadSeries(headChunks);
        }
    }

    /** Counters and sizes for metrics and benchmarks. */
    public record Stats(int series, long headSamples, int blocks, int rollups, long diskBytes, long appended,
            long rejectedOutOfOrder, long rejectedOutOfBounds, long walSyncs, long headHeapBytes) {
    }

    private TsdbStorage(Path dir, StorageOptions options, Clock clock, StorageListener listener) {
        this.walDir = dir.resolve("wal");
        this.blocksDir = dir.resolve("blocks");
        this.rollupsDir = dir.resolve("rollups");
        this.headDir = dir.resolve("head");
        this.options = options;
        this.clock = clock;
        this.listener = listener;
    }

    public static TsdbStorage open(Path dir, StorageOptions options, Clock clock) {
        return open(dir, options, clock, StorageListener.NONE);
    }

    /**
     * Opens (or creates) the engine at {@code dir}: loads blocks and roll-ups, replays the WAL (cutting a torn
     * last record), then starts a fresh WAL segment. Returns only when recovery is complete.
     *
     * @throws CorruptionException if a block or a non-final WAL segment is corrupt
     */
    public static TsdbStorage open(Path dir, StorageOptions options, Clock clock, StorageListener listener) {
        TsdbStorage s = new TsdbStorage(dir, options, clock, listener);
        try {
            s.recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open storage at " + dir, e);
        }
        if (!options.maintenanceInterval().isZero()) {
            long ms = options.maintenanceInterval().toMillis();
            s.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "tsdb-maintenance");
                t.setDaemon(true);
                return t;
            });
            s.scheduler.scheduleWithFixedDelay(s::maintainQuietly, ms, ms, TimeUnit.MILLISECONDS);
        }
        return s;
    }

    // ---------------------------------------------------------------- recovery

    private void recover() throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(walDir);
        headChunks = new HeadChunkFiles(headDir, HeadChunkFiles.DEFAULT_SEGMENT_BYTES);
        Files.createDirectories(blocksDir);
        Files.createDirectories(rollupsDir);
        deleteTempFiles(blocksDir);
        deleteTempFiles(rollupsDir);
        List<BlockReader> raw = new ArrayList<>();
        for (Path p : list(blocksDir, ".blk")) {
            raw.add(BlockReader.open(p, this::resolve));
        }
        raw.sort(Comparator.comparingLong(b -> b.meta().maxTs()));
        blocks = List.copyOf(raw);
        List<BlockReader> rolled = new ArrayList<>();
        for (Path p : list(rollupsDir, ".rlp")) {
            rolled.add(BlockReader.open(p, this::resolve));
        }
        rolled.sort(Comparator.comparingLong(b -> b.meta().maxTs()));
        rollups = List.copyOf(rolled);
        LOG.log(System.Logger.Level.INFO, "storage: loaded {0} blocks and {1} roll-up files, {2} series",
                blocks.size(), rollups.size(), seriesCount);

        deleteTempFiles(walDir);
        List<Integer> segments = Wal.segmentNumbers(walDir);
        // The newest segment with a checkpoint marker holds everything the head knew at its cut: older ones are
        // not needed (and replaying them as well would count their samples twice).
        List<Integer> checkpoints = Wal.checkpointNumbers(walDir);
        int checkpoint = -1;
        for (int i = checkpoints.size() - 1; i >= 0; i--) {
            if (segments.contains(checkpoints.get(i))) {
                checkpoint = checkpoints.get(i);
                break;
            }
        }
        long replayed = 0;
        for (int i = 0; i < segments.size(); i++) {
            int seg = segments.get(i);
            Path file = walDir.resolve(Wal.segmentName(seg));
            if (seg < checkpoint) {
                LOG.log(System.Logger.Level.INFO, "storage: skipping WAL segment {0}: checkpoint {1} supersedes it",
                        seg, checkpoint);
                continue;
            }
            long coveredBefore = coveredByBlocks(seg);
            // checkpoint entries count only in the marked segment; elsewhere they are an unfinished rewrite
            boolean applyCheckpoint = seg == checkpoint;
            long[][] checkpointCovered = applyCheckpoint ? coveredAtOrAfter(seg) : new long[0][];
            Map<Integer, Series> ids = new HashMap<>();
            long[] count = new long[1];
            WalReader.Result r = WalReader.read(file,
                    src -> count[0] += replayRecord(src, ids, coveredBefore, applyCheckpoint, checkpointCovered));
            replayed += count[0];
            if (!r.clean()) {
                if (i < segments.size() - 1) {
                    throw new CorruptionException(file, r.validBytes(), r.problem() + " in a segment that is not "
                            + "the last one");
                }
                LOG.log(System.Logger.Level.WARNING, "storage: cutting torn tail of {0} at offset {1} ({2} of {3} "
                        + "bytes kept): {4}", file, r.validBytes(), r.validBytes(), r.fileBytes(), r.problem());
                if (r.validBytes() < Wal.HEADER_BYTES) {
                    Files.delete(file);
                } else {
                    WalReader.truncate(file, r.validBytes());
                }
            }
            LOG.log(System.Logger.Level.INFO, "storage: replayed WAL segment {0} ({1}/{2}): {3} records, {4} samples",
                    seg, i + 1, segments.size(), r.records(), count[0]);
        }
        int newestBlockSegment = blocks.stream().mapToInt(b -> b.meta().walSegment()).max().orElse(0);
        wal = Wal.open(walDir, options.walSegmentBytes());
        int deleteBelow = Math.max(newestBlockSegment, checkpoint);
        if (deleteBelow > 0) {
            wal.deleteBefore(deleteBelow); // finish a truncation a crash interrupted
        }
        durablePositions.putAll(positions); // what replay found is on disk
        LOG.log(System.Logger.Level.INFO, "storage: ready in {0} ms: {1} series, {2} WAL samples replayed{3}",
                (System.nanoTime() - started) / 1_000_000, seriesCount, replayed,
                positions.isEmpty() ? "" : "; source positions " + new TreeMap<>(positions));
    }

    /** Samples of segment {@code seg} older than this are already in a block written after that segment. */
    private long coveredByBlocks(int seg) {
        long cutoff = Long.MIN_VALUE;
        for (List<BlockReader> files : List.of(blocks, rollups)) { // a roll-up keeps its block's walSegment/cutoff
            for (BlockReader b : files) {
                if (b.meta().walSegment() > seg) {
                    cutoff = Math.max(cutoff, b.meta().cutoff());
                }
            }
        }
        return cutoff;
    }

    /**
     * What the blocks (and roll-ups of blocks) written by the cut that made checkpoint segment {@code seg} hold:
     * one {@code {fromTs, toTs, cutoff}} per file with {@code walSegment >= seg}. A checkpoint sample is in a block
     * iff {@code ts < cutoff} (the rule: cutoff of blocks with {@code walSegment >= seg}) and, refined for a crash
     * between the blocks of a multi-window cut, {@code ts} lies in that file's time range (windows are disjoint).
     */
    private long[][] coveredAtOrAfter(int seg) {
        List<long[]> out = new ArrayList<>();
        for (BlockReader b : blocks) {
            if (b.meta().walSegment() >= seg) {
                out.add(new long[] {b.meta().minTs(), b.meta().maxTs(), b.meta().cutoff()});
            }
        }
        for (BlockReader r : rollups) {
            if (r.meta().walSegment() >= seg) {
                out.add(new long[] {r.meta().minTs(), r.meta().maxTs() + Rollups.HOUR_MS - 1, r.meta().cutoff()});
            }
        }
        return out.toArray(new long[0][]);
    }

    private static boolean covered(long[][] covering, long ts) {
        for (long[] c : covering) {
            if (ts < c[2] && ts >= c[0] && ts <= c[1]) {
                return true;
            }
        }
        return false;
    }

    private int replayRecord(ByteSource src, Map<Integer, Series> ids, long coveredBefore, boolean applyCheckpoint,
            long[][] checkpointCovered) {
        long prevTs = 0;
        int n = 0;
        while (src.hasRemaining()) {
            int tag = src.get();
            if (tag == TAG_SERIES) {
                int walId = src.getUvarintInt();
                ids.put(walId, getOrCreate(readKey(src)));
            } else if (tag == TAG_POSITIONS || tag == TAG_CHECKPOINT_POSITIONS) {
                // positions of a segment older than the checkpoint never get here (the segment is skipped); those
                // of an unmarked checkpoint are an unfinished rewrite, like its samples
                readPositions(src, tag == TAG_POSITIONS || applyCheckpoint ? positions : null);
            } else if (tag == TAG_SAMPLE || tag == TAG_CHECKPOINT_SAMPLE) {
                int walId = src.getUvarintInt();
                long ts = prevTs + src.getVarint();
                prevTs = ts;
                double v = Double.longBitsToDouble(src.getLongBE());
                Series s = ids.get(walId);
                if (s == null) {
                    throw new IllegalStateException("sample for series " + walId + " that this segment never defined");
                }
                boolean apply = tag == TAG_SAMPLE ? ts >= coveredBefore
                        : applyCheckpoint && !covered(checkpointCovered, ts);
                if (apply) {
                    s.head.add(ts, v);
                    n++;
                }
            } else {
                throw new IllegalStateException("unknown WAL entry tag " + tag);
            }
        }
        return n;
    }

    /** Reads a positions entry, merging it into {@code into} (highest offset per partition) unless null. */
    private static void readPositions(ByteSource src, Map<Integer, Long> into) {
        int n = src.getUvarintInt();
        for (int i = 0; i < n; i++) {
            int partition = src.getUvarintInt();
            long offset = src.getUvarint();
            if (into != null) {
                into.merge(partition, offset, Math::max);
            }
        }
    }

    private static void writePositions(ByteSink out, int tag, Map<Integer, Long> positions) {
        out.put(tag);
        out.putUvarint(positions.size());
        for (Map.Entry<Integer, Long> e : positions.entrySet()) {
            out.putUvarint(e.getKey());
            out.putUvarint(e.getValue());
        }
    }

    private static SeriesKey readKey(ByteSource src) {
        String metric = src.getString();
        int n = src.getUvarintInt();
        TreeMap<String, String> labels = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            labels.put(src.getString(), src.getString());
        }
        return new SeriesKey(metric, labels);
    }

    private static void writeKey(ByteSink out, SeriesKey key) {
        out.putString(key.metric());
        out.putUvarint(key.labelCount());
        for (int i = 0; i < key.labelCount(); i++) {
            out.putString(key.labelName(i));
            out.putString(key.labelValue(i));
        }
    }

    private static List<Path> list(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static void deleteTempFiles(Path dir) throws IOException {
        for (Path p : list(dir, ".tmp")) {
            LOG.log(System.Logger.Level.INFO, "storage: deleting unfinished {0}", p);
            Files.delete(p);
        }
    }

    // ---------------------------------------------------------------- series registry

    private int resolve(SeriesKey key) {
        return getOrCreate(key).id;
    }

    private Series getOrCreate(SeriesKey key) {
        Series s = seriesByKey.get(key);
        if (s != null) {
            return s;
        }
        synchronized (seriesLock) {
            s = seriesByKey.get(key);
            if (s != null) {
                return s;
            }
            int id = seriesCount;
            Series[] arr = byId;
            if (id == arr.length) {
                arr = java.util.Arrays.copyOf(arr, arr.length * 2);
            }
            // the engine keeps a key of its own, sharing the names: the caller's key may carry a decoded request
            SeriesKey own = key.withSharedNames(name -> names.computeIfAbsent(name, n -> n));
            s = new Series(id, own, headChunks);
            arr[id] = s;
            byId = arr;
            seriesCount = id + 1;
            index.add(id, own.metric(), own.labels());
            seriesByKey.put(own, s);
            return s;
        }
    }

    // ---------------------------------------------------------------- write path

    @Override
    public AppendOutcome append(List<StoredSample> samples) {
        return append(samples, Map.of());
    }

    /**
     * Appends like {@link #append(List)} and records, in the same WAL record, how far the source of these samples
     * has been read: {@code sourcePositions} maps a source partition (e.g. a Kafka partition) to the next offset to
     * read. A crash keeps both or neither, so {@link #sourcePositions()} after a restart says exactly where the
     * durable samples end. Positions are kept per partition as the highest ever recorded; they are recorded even
     * when every sample is rejected (or there are none), so a consumer moves past records it could not use.
     *
     * @throws IllegalArgumentException if a partition or an offset is negative
     */
    public AppendOutcome append(List<StoredSample> samples, Map<Integer, Long> sourcePositions) {
        for (Map.Entry<Integer, Long> e : sourcePositions.entrySet()) {
            if (e.getKey() < 0 || e.getValue() < 0) {
                throw new IllegalArgumentException("source positions must be >= 0, got partition " + e.getKey()
                        + " offset " + e.getValue());
            }
        }
        if (samples.isEmpty() && sourcePositions.isEmpty()) {
            return new AppendOutcome(0, List.of());
        }
        long now = clock.millis();
        long minValid = now - options.rawRetention().toMillis();
        long maxValid = now + options.maxFutureSkew().toMillis();
        long window = options.outOfOrderWindow().toMillis();
        List<SampleRejection> rejections = new ArrayList<>(0);
        int accepted = 0;
        long token = 0;
        synchronized (appendLock) {
            if (closed) {
                throw new IllegalStateException("storage is closed");
            }
            int seg;
            try {
                seg = wal.rotateIfFull();
            } catch (IOException e) {
                throw new UncheckedIOException("WAL rotation failed; nothing of this batch was stored", e);
            }
            long batch = ++batchCounter;
            ByteSink rec = walBuf;
            rec.reset();
            for (int i = 0; i < Wal.RECORD_HEADER_BYTES; i++) {
                rec.put(0);
            }
            if (!sourcePositions.isEmpty()) {
                writePositions(rec, TAG_POSITIONS, sourcePositions);
            }
            int n = samples.size();
            Series[] acc = new Series[n];
            long[] accTs = new long[n];
            double[] accV = new double[n];
            int k = 0;
            long prevTs = 0;
            for (int i = 0; i < n; i++) {
                StoredSample sample = samples.get(i);
                long ts = sample.timestampMs();
                double v = sample.value();
                if (ts < minValid || ts > maxValid) {
                    rejectedBounds.increment();
                    rejections.add(new SampleRejection(i, SampleRejection.Reason.TIMESTAMP_OUT_OF_BOUNDS,
                            "timestamp " + ts + " is outside [" + minValid + ", " + maxValid + "]"));
                    continue;
                }
                Series s = getOrCreate(sample.series());
                long max = s.batch == batch ? s.pendingMax : s.head.maxTimestampUnderAppendLock();
                if (ts < max && ts < max - window) {
                    rejectedOutOfOrder.increment();
                    rejections.add(new SampleRejection(i, SampleRejection.Reason.OUT_OF_ORDER,
                            "timestamp " + ts + " is more than " + window + " ms behind the newest sample of "
                                    + s.key + " (" + max + ")"));
                    continue;
                }
                if (s.walSegment != seg) {
                    rec.put(TAG_SERIES);
                    rec.putUvarint(s.id);
                    writeKey(rec, s.key);
                    s.walSegment = seg;
                }
                rec.put(TAG_SAMPLE);
                rec.putUvarint(s.id);
                rec.putVarint(ts - prevTs);
                rec.putLongBE(Double.doubleToRawLongBits(v));
                prevTs = ts;
                if (s.batch != batch) {
                    s.batch = batch;
                    s.pendingMax = Math.max(ts, max);
                } else if (ts > s.pendingMax) {
                    s.pendingMax = ts;
                }
                acc[k] = s;
                accTs[k] = ts;
                accV[k] = v;
                k++;
                accepted++;
            }
            if (k > 0 || !sourcePositions.isEmpty()) {
                try {
                    token = wal.write(rec);
                } catch (IOException e) {
                    // Nothing reached the head; series definitions must be written again next time.
                    for (int j = 0; j < k; j++) {
                        acc[j].walSegment = -1;
                    }
                    throw new UncheckedIOException("WAL write failed; nothing of this batch was stored", e);
                }
                long batchMax = Long.MIN_VALUE;
                for (int j = 0; j < k; j++) {
                    Series s = acc[j];
                    s.head.add(accTs[j], accV[j]);
                    batchMax = Math.max(batchMax, accTs[j]);
                }
                if (k > 0) {
                    maxSeenTs.accumulateAndGet(batchMax, Math::max);
                }
                // after the write, under the lock: a head checkpoint taken later carries them on
                sourcePositions.forEach((p, o) -> positions.merge(p, o, Math::max));
            }
        }
        if (token > 0) {
            try {
                wal.sync(token);
            } catch (IOException e) {
                throw new UncheckedIOException("WAL fsync failed: the batch may not be durable", e);
            }
            if (!sourcePositions.isEmpty()) {
                synchronized (durablePositions) {
                    sourcePositions.forEach((p, o) -> durablePositions.merge(p, o, Math::max));
                }
            }
        }
        appended.add(accepted);
        return new AppendOutcome(accepted, rejections);
    }

    /**
     * The source positions (partition → next offset to read) recorded with durable samples by
     * {@link #append(List, Map)}: after a restart, exactly where the recovered samples end. Empty if none.
     */
    public Map<Integer, Long> sourcePositions() {
        synchronized (durablePositions) {
            return Map.copyOf(durablePositions);
        }
    }

    // ---------------------------------------------------------------- head cut

    /** Cuts every head sample into a block (benchmarks, tests, or before a planned shutdown to shrink the WAL). */
    public void flush() {
        synchronized (maintenanceLock) {
            cutHead(Long.MAX_VALUE);
        }
    }

    private void cutIfDue() {
        long max = maxSeenTs.get();
        if (max == Long.MIN_VALUE) {
            return;
        }
        long block = options.blockDuration().toMillis();
        long cutoff = Math.floorDiv(max - options.outOfOrderWindow().toMillis(), block) * block;
        long headMin = Long.MAX_VALUE;
        int n = seriesCount;
        Series[] arr = byId;
        for (int i = 0; i < n; i++) {
            if (arr[i].head.count() > 0) {
                headMin = Math.min(headMin, arr[i].head.minTimestamp());
            }
        }
        if (headMin < cutoff) {
            cutHead(cutoff);
        }
    }

    /**
     * Moves head samples with {@code ts < cutoff} into a new block and truncates the WAL. Under maintenanceLock.
     *
     * <p>Replay never deduplicates, so the WAL must hold each sample exactly once for recovery. The cut rotates to
     * segment S, writes a checkpoint of everything the head knows (kept and cut samples) into S, fsyncs it and
     * then marks S as a complete checkpoint ({@code S.ckpt}); from then on recovery starts at S and ignores older
     * segments. The cut's blocks carry {@code walSegment = S}, so recovery skips the checkpoint samples they hold.
     * Only then are segments before S deleted. A crash before the marker leaves S's checkpoint entries ignored and
     * the older segments in charge.
     */
    private void cutHead(long cutoff) {
        List<Series> cutSeries = new ArrayList<>();
        List<SeriesData> data = new ArrayList<>();
        int seg;
        synchronized (appendLock) {
            if (closed) {
                return;
            }
            try {
                seg = wal.rotate();
                for (int i = 0; i < seriesCount; i++) {
                    Series s = byId[i];
                    Samples cut = s.head.cutBefore(cutoff, seg);
                    if (cut.size > 0) {
                        cutSeries.add(s);
                        data.add(new SeriesData(s.key, cut.ts, new double[][] {cut.values}, cut.size));
                    }
                }
                rewriteHead(seg);
                wal.markCheckpoint(seg, "checkpoint of the head; cutoff " + cutoff + "\n");
            } catch (IOException e) {
                cutSeries.forEach(s -> s.head.restorePending());
                throw new UncheckedIOException("head cut failed before its block was written", e);
            }
        }
        if (!data.isEmpty()) {
            Path target = null;
            try {
                // one block per blockDuration-aligned window, so retention can drop old data window by window
                long blockMs = options.blockDuration().toMillis();
                TreeMap<Long, List<SeriesData>> byWindow = new TreeMap<>();
                for (SeriesData d : data) {
                    int i = 0;
                    while (i < d.n()) {
                        long window = Math.floorDiv(d.ts()[i], blockMs);
                        int j = i;
                        while (j < d.n() && Math.floorDiv(d.ts()[j], blockMs) == window) {
                            j++;
                        }
                        byWindow.computeIfAbsent(window, w -> new ArrayList<>()).add(new SeriesData(d.key(),
                                java.util.Arrays.copyOfRange(d.ts(), i, j),
                                new double[][] {java.util.Arrays.copyOfRange(d.columns()[0], i, j)}, j - i));
                        i = j;
                    }
                }
                int part = 0;
                List<BlockReader> written = new ArrayList<>();
                try {
                    for (List<SeriesData> windowData : byWindow.values()) {
                        target = blocksDir.resolve(String.format("b%08d-%04d.blk", seg, part++));
                        long size = BlockWriter.write(target, windowData, BlockMeta.RAW, 1, seg, cutoff,
                                options.blockPageBytes());
                        BlockReader reader = BlockReader.open(target, this::resolve);
                        written.add(reader);
                        LOG.log(System.Logger.Level.DEBUG, "storage: cut {0}: {1} samples of {2} series, {3} bytes",
                                target.getFileName(), reader.meta().rows(), windowData.size(), size);
                    }
                } catch (IOException | RuntimeException e) {
                    // the samples go back to the head: blocks holding some of them must not stay
                    for (BlockReader r : written) {
                        try {
                            Files.deleteIfExists(r.file());
                        } catch (IOException suppressed) {
                            e.addSuppressed(suppressed);
                        }
                    }
                    throw e;
                }
                // all of the cut's blocks at once: a query sees either the pending samples or all their blocks
                publishBlocks(written);
                LOG.log(System.Logger.Level.INFO, "storage: head cut before {0}: {1} series into {2} blocks",
                        cutoff, data.size(), byWindow.size());
            } catch (IOException | RuntimeException e) {
                cutSeries.forEach(s -> s.head.restorePending());
                LOG.log(System.Logger.Level.ERROR, "storage: writing block " + target + " failed; its samples stay"
                        + " in the head and the WAL", e);
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
        }
        cutSeries.forEach(s -> s.head.clearPending());
        try {
            wal.deleteBefore(seg);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "storage: could not delete old WAL segments", e);
        }
    }

    /**
     * Writes a checkpoint into segment {@code seg}: every sample the head knows, those that stay and those of the
     * cut in progress, as {@link #TAG_CHECKPOINT_SAMPLE} entries, then fsyncs. The caller marks the segment.
     */
    private void rewriteHead(int seg) throws IOException {
        ByteSink rec = walBuf;
        rec.reset();
        for (int i = 0; i < Wal.RECORD_HEADER_BYTES; i++) {
            rec.put(0);
        }
        long token = 0;
        if (!positions.isEmpty()) {
            // older segments (and the positions they hold) are deleted after this cut: the checkpoint carries them
            writePositions(rec, TAG_CHECKPOINT_POSITIONS, positions);
        }
        long prevTs = 0; // timestamps are delta-coded against the previous sample of the same record
        for (int i = 0; i < seriesCount; i++) {
            Series s = byId[i];
            Samples kept = s.head.range(Long.MIN_VALUE, Long.MAX_VALUE); // head and pending
            if (kept.size == 0) {
                continue;
            }
            rec.put(TAG_SERIES);
            rec.putUvarint(s.id);
            writeKey(rec, s.key);
            s.walSegment = seg;
            for (int j = 0; j < kept.size; j++) {
                rec.put(TAG_CHECKPOINT_SAMPLE);
                rec.putUvarint(s.id);
                rec.putVarint(kept.ts[j] - prevTs);
                rec.putLongBE(Double.doubleToRawLongBits(kept.values[j]));
                prevTs = kept.ts[j];
                if (rec.size() > REWRITE_RECORD_BYTES && j < kept.size - 1) {
                    token = wal.write(rec);
                    rec.reset();
                    for (int h = 0; h < Wal.RECORD_HEADER_BYTES; h++) {
                        rec.put(0);
                    }
                    // Each record must be decodable alone: define the series again.
                    rec.put(TAG_SERIES);
                    rec.putUvarint(s.id);
                    writeKey(rec, s.key);
                    prevTs = 0;
                }
            }
            if (rec.size() > REWRITE_RECORD_BYTES) {
                token = wal.write(rec);
                rec.reset();
                for (int h = 0; h < Wal.RECORD_HEADER_BYTES; h++) {
                    rec.put(0);
                }
                prevTs = 0;
            }
        }
        if (rec.size() > Wal.RECORD_HEADER_BYTES) {
            token = wal.write(rec);
        }
        if (token > 0) {
            wal.sync(token);
        }
    }

    private void publishBlocks(List<BlockReader> readers) {
        List<BlockReader> next = new ArrayList<>(blocks);
        next.addAll(readers);
        next.sort(Comparator.comparingLong(b -> b.meta().maxTs()));
        blocks = List.copyOf(next);
    }

    // ---------------------------------------------------------------- retention and quota

    /** Cuts the head if due, applies retention and the disk quota. Runs on the maintenance thread by default. */
    public void maintain() {
        synchronized (maintenanceLock) {
            if (closed) {
                return;
            }
            cutIfDue();
            try {
                applyRetention();
                applyQuota();
            } catch (IOException e) {
                throw new UncheckedIOException("retention/quota failed", e);
            }
        }
    }

    private void maintainQuietly() {
        try {
            maintain();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "storage: maintenance failed", e);
        }
    }

    private void applyRetention() throws IOException {
        long now = clock.millis();
        long rawLimit = now - options.rawRetention().toMillis();
        for (BlockReader b : blocks) {
            if (b.meta().maxTs() < rawLimit) {
                rollUp(b, "raw retention");
            }
        }
        long rollupLimit = now - options.rollupRetention().toMillis();
        for (BlockReader r : rollups) {
            if (r.meta().maxTs() < rollupLimit) {
                deleteRollup(r, "roll-up retention");
            }
        }
    }

    private void applyQuota() throws IOException {
        long max = options.maxDiskBytes();
        if (max == 0) {
            return;
        }
        long used = diskBytes();
        boolean high = used > max * options.diskWarnRatio();
        if (high) {
            if (!diskHigh) {
                LOG.log(System.Logger.Level.WARNING, "storage: disk usage {0} bytes is above {1}% of the quota {2}",
                        used, Math.round(options.diskWarnRatio() * 100), max);
            }
            listener.diskUsageHigh(used, max);
        } else if (diskHigh) {
            LOG.log(System.Logger.Level.INFO, "storage: disk usage {0} bytes is back under {1}% of the quota {2}",
                    used, Math.round(options.diskWarnRatio() * 100), max);
            listener.diskUsageNormal(used, max);
        }
        diskHigh = high;
        while (used > max) {
            if (!blocks.isEmpty()) {
                BlockReader oldest = blocks.stream().min(Comparator.comparingLong(b -> b.meta().minTs())).get();
                rollUp(oldest, "disk quota");
            } else if (!rollups.isEmpty()) {
                deleteRollup(rollups.stream().min(Comparator.comparingLong(b -> b.meta().minTs())).get(),
                        "disk quota");
            } else {
                LOG.log(System.Logger.Level.WARNING, "storage: WAL and head alone use {0} bytes, above the quota {1};"
                        + " nothing left to prune", used, max);
                return;
            }
            used = diskBytes();
        }
    }

    /** Replaces a raw block by its hourly roll-up file. */
    private void rollUp(BlockReader b, String reason) throws IOException {
        List<SeriesData> data = new ArrayList<>();
        for (int id : b.seriesIds()) {
            BlockReader.Rows rows = b.read(id);
            Rollups.Rows agg = Rollups.aggregate(rows.ts(), rows.columns()[0], rows.n());
            data.add(new SeriesData(byId[id].key, agg.hours(), agg.columns(), agg.n()));
        }
        String stem = b.file().getFileName().toString().replace(".blk", "");
        Path target = rollupsDir.resolve("r" + stem.substring(1) + ".rlp");
        // keeps the block's walSegment and cutoff: WAL replay must still know these samples are stored
        BlockWriter.write(target, data, BlockMeta.ROLLUP, Rollups.COLUMNS, b.meta().walSegment(), b.meta().cutoff(),
                options.blockPageBytes());
        BlockReader reader = BlockReader.open(target, this::resolve);
        List<BlockReader> nextRollups = new ArrayList<>(rollups);
        nextRollups.removeIf(r -> r.file().equals(target));
        nextRollups.add(reader);
        nextRollups.sort(Comparator.comparingLong(r -> r.meta().maxTs()));
        rollups = List.copyOf(nextRollups);
        List<BlockReader> nextBlocks = new ArrayList<>(blocks);
        nextBlocks.remove(b);
        blocks = List.copyOf(nextBlocks);
        Files.deleteIfExists(b.file());
        Fsync.directory(blocksDir);
        LOG.log(System.Logger.Level.INFO, "storage: {0}: rolled {1} into hourly aggregates {2} and deleted it",
                reason, b.file().getFileName(), target.getFileName());
        listener.pruned(b.file(), reason);
    }

    private void deleteRollup(BlockReader r, String reason) throws IOException {
        List<BlockReader> next = new ArrayList<>(rollups);
        next.remove(r);
        rollups = List.copyOf(next);
        Files.deleteIfExists(r.file());
        Fsync.directory(rollupsDir);
        LOG.log(System.Logger.Level.INFO, "storage: {0}: deleted roll-up file {1}", reason, r.file().getFileName());
        listener.pruned(r.file(), reason);
    }

    /** Bytes on disk: WAL segments, blocks and roll-ups. */
    public long diskBytes() {
        long total = blocks.stream().mapToLong(BlockReader::sizeBytes).sum()
                + rollups.stream().mapToLong(BlockReader::sizeBytes).sum();
        try {
            total += wal.sizeOnDisk() + headChunks.bytesOnDisk();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "storage: cannot size the WAL", e);
        }
        return total;
    }

    /** Bytes of raw blocks only (what bytes/sample is measured on). */
    public long blockBytes() {
        return blocks.stream().mapToLong(BlockReader::sizeBytes).sum();
    }

    // ---------------------------------------------------------------- read path

    @Override
    public QueryResult lastPoints(String metric, Map<String, String> matchers, int n) {
        int[] ids = index.match(metric, matchers);
        List<SeriesPoints> candidates = new ArrayList<>(ids.length);
        for (int id : ids) {
            Series s = byId[id];
            Samples pts = last(s, n);
            candidates.add(new SeriesPoints(s.key, toPoints(pts, Math.max(0, pts.size - n), pts.size)));
        }
        return QueryResult.of(LastN.across(candidates, n), ids.length > 0);
    }

    @Override
    public QueryResult range(String metric, Map<String, String> matchers, long fromMs, long toMs) {
        int[] ids = index.match(metric, matchers);
        List<SeriesPoints> found = new ArrayList<>(ids.length);
        for (int id : ids) {
            Series s = byId[id];
            Samples pts = collect(s, fromMs, toMs);
            if (pts.size > 0) {
                found.add(new SeriesPoints(s.key, toPoints(pts, 0, pts.size)));
            }
        }
        return QueryResult.of(found, ids.length > 0);
    }

    @Override
    public RangeData rangeDetailed(String metric, Map<String, String> matchers, long fromMs, long toMs) {
        int[] ids = index.match(metric, matchers);
        List<SeriesRange> found = new ArrayList<>(ids.length);
        for (int id : ids) {
            Series s = byId[id];
            Samples raw = collectRaw(s, fromMs, toMs);
            Rollups.Rows rows = rollupRows(id, fromMs, toMs);
            List<HourRollup> hours = new ArrayList<>(rows == null ? 0 : rows.n());
            for (int i = 0; rows != null && i < rows.n(); i++) {
                double[][] c = rows.columns();
                hours.add(new HourRollup(rows.hours()[i], (long) c[Rollups.COUNT][i], c[Rollups.SUM][i],
                        c[Rollups.MIN][i], c[Rollups.MAX][i], c[Rollups.LAST][i]));
            }
            if (raw.size > 0 || !hours.isEmpty()) {
                found.add(new SeriesRange(s.key, toPoints(raw, 0, raw.size), hours));
            }
        }
        return new RangeData(found, ids.length > 0);
    }

    /**
     * Label names (with {@code __name__}) of the series {@code query} selects, from the inverted index; with a
     * time window, only series with a sample in it (head samples, or a block or roll-up whose index says the
     * series spans the window).
     */
    @Override
    public LabelSets labelSets(String label, LabelQuery query) {
        LabelSets out = new LabelSets(label);
        Iterable<String> metrics = query.metric().isEmpty() ? index.metrics("").keySet() : List.of(query.metric());
        for (String metric : metrics) {
            for (int id : index.match(metric, query.matchers())) {
                Series s = byId[id];
                if (!query.timeLimited() || hasDataIn(s, query.fromMs(), query.toMs())) {
                    out.add(s.key);
                }
            }
        }
        return out;
    }

    private boolean hasDataIn(Series s, long from, long to) {
        if (s.head.range(from, to).size > 0) {
            return true;
        }
        for (BlockReader b : blocks) {
            if (b.overlaps(s.id, from, to)) {
                return true;
            }
        }
        long hourFrom = from == Long.MIN_VALUE ? from : from - Rollups.HOUR_MS + 1; // a row stands for its hour
        for (BlockReader r : rollups) {
            if (r.overlaps(s.id, hourFrom, to)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Hourly roll-up rows (count, sum, min, max, last) of every matching series with an hour in
     * {@code [fromMs, toMs]}; only hours older than the raw retention have them.
     */
    public Map<SeriesKey, Rollups.Rows> rollupRange(String metric, Map<String, String> matchers, long fromMs,
            long toMs) {
        Map<SeriesKey, Rollups.Rows> out = new TreeMap<>(BlockWriter.KEY_ORDER);
        for (int id : index.match(metric, matchers)) {
            Rollups.Rows rows = rollupRows(id, fromMs, toMs);
            if (rows != null && rows.n() > 0) {
                out.put(byId[id].key, rows);
            }
        }
        return out;
    }

    @Override
    public List<MetricSummary> listMetrics(String prefix) {
        List<MetricSummary> out = new ArrayList<>();
        for (Map.Entry<String, int[]> e : index.metrics(prefix).entrySet()) {
            long newestTs = Long.MIN_VALUE;
            double newestValue = Double.NaN;
            for (int id : e.getValue()) {
                Series s = byId[id];
                Samples newest = s.head.newest();
                if (newest.size == 0) {
                    newest = s.newestInBlocks;
                    if (newest == null) {
                        Samples last = last(s, 1);
                        newest = last.slice(last.size == 0 ? Long.MIN_VALUE : last.ts[last.size - 1],
                                Long.MAX_VALUE);
                        s.newestInBlocks = newest;
                    }
                }
                if (newest.size > 0 && newest.ts[newest.size - 1] >= newestTs) {
                    newestTs = newest.ts[newest.size - 1];
                    newestValue = newest.values[newest.size - 1];
                }
            }
            out.add(new MetricSummary(e.getKey(), e.getValue().length,
                    newestTs == Long.MIN_VALUE ? 0 : newestTs, newestValue));
        }
        return out;
    }

    /** Label names used by the series of {@code metric}, sorted. */
    public List<String> labelNames(String metric) {
        return index.labelNames(metric);
    }

    /** Values of label {@code label} among the series of {@code metric}, sorted. */
    public List<String> labelValues(String metric, String label) {
        return index.labelValues(metric, label);
    }

    /** At least the newest {@code n} samples of a series (head first, then blocks newest first, then roll-ups). */
    private Samples last(Series s, int n) {
        int[] pendingTag = {-1};
        Samples out = s.head.last(n, pendingTag); // head before blocks: see collect
        List<BlockReader> bs = blocks;
        for (int i = bs.size() - 1; i >= 0; i--) {
            BlockReader b = bs.get(i);
            if (b.meta().walSegment() == pendingTag[0]) {
                continue; // the head's pending samples are this block's content
            }
            long threshold = out.size >= n ? out.ts[out.size - n] : Long.MIN_VALUE;
            if (out.size >= n && b.meta().maxTs() < threshold) {
                break;
            }
            if (b.maxTimestamp(s.id) >= threshold && b.maxTimestamp(s.id) != Long.MIN_VALUE) {
                out = mergeBlock(out, b, s.id, Long.MIN_VALUE, Long.MAX_VALUE);
            }
        }
        if (out.size < n) {
            out = Samples.merge(out, rollupPoints(s.id, Long.MIN_VALUE, Long.MAX_VALUE));
        }
        return out;
    }

    /** Every sample of a series in {@code [from, to]}: head, blocks, then roll-ups for hours raw data lacks. */
    private Samples collect(Series s, long from, long to) {
        return Samples.merge(collectRaw(s, from, to), rollupPoints(s.id, from, to));
    }

    /** Every raw sample of a series in {@code [from, to]}: head and blocks. */
    private Samples collectRaw(Series s, long from, long to) {
        // Head (with the samples of a cut in progress) before blocks: a cut publishes all its blocks before it
        // clears the pending samples, so nothing is missed; and since samples are never deduplicated, the blocks
        // of the pending cut, if this snapshot already has them, are skipped so nothing is counted twice.
        int[] pendingTag = {-1};
        Samples out = s.head.range(from, to, pendingTag);
        List<BlockReader> bs = blocks;
        for (int i = bs.size() - 1; i >= 0; i--) { // newest first, each merged in front of what is newer
            BlockReader b = bs.get(i);
            if (b.meta().walSegment() != pendingTag[0] && b.overlaps(s.id, from, to)) {
                out = mergeBlock(out, b, s.id, from, to);
            }
        }
        return out;
    }

    private Samples mergeBlock(Samples out, BlockReader b, int id, long from, long to) {
        try {
            BlockReader.Rows rows = b.read(id);
            if (rows == null) {
                return out;
            }
            // block samples arrived before the head's (and older blocks' before newer ones') at equal timestamps
            return Samples.merge(new Samples(rows.ts(), rows.columns()[0], rows.n()).slice(from, to), out);
        } catch (NoSuchFileException e) {
            return out; // rolled up or pruned while this query ran
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + b.file(), e);
        }
    }

    /** Roll-up hours as points: at the start of each hour, the hour's average. */
    private Samples rollupPoints(int id, long from, long to) {
        Rollups.Rows rows = rollupRows(id, from, to);
        if (rows == null) {
            return null;
        }
        Samples out = new Samples(rows.n());
        for (int i = 0; i < rows.n(); i++) {
            out.add(rows.hours()[i], rows.avg(i));
        }
        return out;
    }

    private Rollups.Rows rollupRows(int id, long from, long to) {
        Rollups.Rows merged = null;
        for (BlockReader r : rollups) {
            if (!r.overlaps(id, from, to)) {
                continue;
            }
            try {
                BlockReader.Rows rows = r.read(id);
                if (rows == null) {
                    continue;
                }
                Samples hours = new Samples(rows.ts(), new double[rows.n()], rows.n());
                int start = hours.lowerBound(from);
                int end = to == Long.MAX_VALUE ? rows.n() : hours.lowerBound(to + 1);
                double[][] cols = new double[Rollups.COLUMNS][];
                for (int c = 0; c < Rollups.COLUMNS; c++) {
                    cols[c] = java.util.Arrays.copyOfRange(rows.columns()[c], start, end);
                }
                merged = Rollups.merge(merged, new Rollups.Rows(
                        java.util.Arrays.copyOfRange(rows.ts(), start, end), cols, end - start));
            } catch (NoSuchFileException e) {
                // deleted by retention while this query ran
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + r.file(), e);
            }
        }
        return merged;
    }

    private static List<Point> toPoints(Samples s, int from, int to) {
        List<Point> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            out.add(new Point(s.ts[i], s.values[i]));
        }
        return out;
    }

    // ---------------------------------------------------------------- stats and lifecycle

    public Stats stats() {
        long headSamples = 0;
        long heap = 0;
        int n = seriesCount;
        Series[] arr = byId;
        for (int i = 0; i < n; i++) {
            headSamples += arr[i].head.count();
            heap += arr[i].head.heapBytes();
        }
        return new Stats(n, headSamples, blocks.size(), rollups.size(), diskBytes(), appended.sum(),
                rejectedOutOfOrder.sum(), rejectedBounds.sum(), wal.syncCount(), heap);
    }

    /** Series keys of a metric (ids resolved through the index), sorted; handy for tools and tests. */
    public SortedMap<String, Integer> seriesOf(String metric) {
        SortedMap<String, Integer> out = new TreeMap<>();
        for (int id : index.match(metric, Map.of())) {
            out.put(byId[id].key.toString(), id);
        }
        return out;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (maintenanceLock) {
            synchronized (appendLock) {
                if (closed) {
                    return;
                }
                closed = true;
                headChunks.close();
                try {
                    wal.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("closing the WAL", e);
                }
            }
        }
    }
}
