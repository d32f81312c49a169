package dta.observatory.store.engine.block;

import dta.observatory.store.engine.CorruptionException;
import dta.observatory.store.engine.codec.ByteSource;
import dta.observatory.store.engine.codec.ColumnCodec;
import dta.observatory.store.storage.SeriesKey;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import java.util.zip.CRC32C;

/**
 * An open, immutable block. The index is held in memory as arrays sorted by the engine's series id (resolved from
 * each series key at open); pages are read and decompressed on demand, the last one cached. No file descriptor
 * is held between reads, so thousands of blocks and roll-ups cost none. Thread-safe.
 */
public final class BlockReader implements Closeable {

    private final Path file;
    private final BlockMeta meta;
    private final long sizeBytes;
    private final long[] pageOffset;
    private final int[] pageCompressed;
    private final int[] pageRaw;
    private final int[] pageCrc;
    private final int[] ids;
    private final int[] entryPage;
    private final int[] entryOffset;
    private final int[] entryLength;
    private final long[] entryMin;
    private final long[] entryMax;
    private volatile CachedPage cached;

    private record CachedPage(int page, byte[] bytes) {
    }

    /** Rows of one series read from a block. */
    public record Rows(long[] ts, double[][] columns, int n) {
    }

    private BlockReader(Path file, BlockMeta meta, long sizeBytes, long[] pageOffset,
            int[] pageCompressed, int[] pageRaw, int[] pageCrc, int[] ids, int[] entryPage, int[] entryOffset,
            int[] entryLength, long[] entryMin, long[] entryMax) {
        this.file = file;
        this.meta = meta;
        this.sizeBytes = sizeBytes;
        this.pageOffset = pageOffset;
        this.pageCompressed = pageCompressed;
        this.pageRaw = pageRaw;
        this.pageCrc = pageCrc;
        this.ids = ids;
        this.entryPage = entryPage;
        this.entryOffset = entryOffset;
        this.entryLength = entryLength;
        this.entryMin = entryMin;
        this.entryMax = entryMax;
    }

    /** Opens a block, checking footer and index checksums; {@code resolver} maps each series key to its id. */
    public static BlockReader open(Path file, ToIntFunction<SeriesKey> resolver) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < BlockWriter.MAGIC.length + BlockWriter.FOOTER_BYTES) {
                throw new CorruptionException(file, 0, "block shorter than header and footer (" + size + " bytes)");
            }
            byte[] footer = readFully(ch, size - BlockWriter.FOOTER_BYTES, BlockWriter.FOOTER_BYTES);
            if (!Arrays.equals(Arrays.copyOfRange(footer, 64, 72), BlockWriter.FOOTER_MAGIC)) {
                throw new CorruptionException(file, size - 8, "bad footer magic");
            }
            CRC32C crc = new CRC32C();
            crc.update(footer, 0, 60);
            ByteSource f = new ByteSource(footer);
            long indexOffset = f.getLongBE();
            int indexCompressed = f.getIntBE();
            int indexRaw = f.getIntBE();
            int indexCrc = f.getIntBE();
            int kind = f.get();
            int columns = f.get();
            f.get();
            f.get();
            long minTs = f.getLongBE();
            long maxTs = f.getLongBE();
            long rows = f.getLongBE();
            int walSegment = f.getIntBE();
            long cutoff = f.getLongBE();
            if (f.getIntBE() != (int) crc.getValue()) {
                throw new CorruptionException(file, size - BlockWriter.FOOTER_BYTES, "footer CRC32C mismatch");
            }
            if (indexOffset < BlockWriter.MAGIC.length || indexOffset + indexCompressed > size) {
                throw new CorruptionException(file, size - BlockWriter.FOOTER_BYTES, "index offset out of range");
            }
            byte[] compressedIndex = readFully(ch, indexOffset, indexCompressed);
            crc.reset();
            crc.update(compressedIndex);
            if ((int) crc.getValue() != indexCrc) {
                throw new CorruptionException(file, indexOffset, "index CRC32C mismatch");
            }
            byte[] index = decompress(file, indexOffset, compressedIndex, indexRaw);
            ByteSource in = new ByteSource(index);
            try {
                int pages = in.getUvarintInt();
                long[] pageOffset = new long[pages];
                int[] pageCompressed = new int[pages];
                int[] pageRaw = new int[pages];
                int[] pageCrc = new int[pages];
                for (int p = 0; p < pages; p++) {
                    pageOffset[p] = in.getUvarint();
                    pageCompressed[p] = in.getUvarintInt();
                    pageRaw[p] = in.getUvarintInt();
                    pageCrc[p] = in.getIntBE();
                }
                int n = in.getUvarintInt();
                long[] packed = new long[n];
                int[] ids = new int[n];
                int[] ePage = new int[n];
                int[] eOff = new int[n];
                int[] eLen = new int[n];
                long[] eMin = new long[n];
                long[] eMax = new long[n];
                for (int i = 0; i < n; i++) {
                    String metric = in.getString();
                    int labelCount = in.getUvarintInt();
                    TreeMap<String, String> labels = new TreeMap<>();
                    for (int l = 0; l < labelCount; l++) {
                        labels.put(in.getString(), in.getString());
                    }
                    ids[i] = resolver.applyAsInt(new SeriesKey(metric, labels));
                    ePage[i] = in.getUvarintInt();
                    eOff[i] = in.getUvarintInt();
                    eLen[i] = in.getUvarintInt();
                    eMin[i] = in.getVarint();
                    eMax[i] = eMin[i] + in.getUvarint();
                    in.getUvarint();
                    packed[i] = ((long) ids[i] << 32) | i;
                }
                Arrays.sort(packed);
                BlockReader r = new BlockReader(file, new BlockMeta(kind, columns, minTs, maxTs, rows,
                        walSegment, cutoff), size, pageOffset, pageCompressed, pageRaw, pageCrc, new int[n],
                        new int[n], new int[n], new int[n], new long[n], new long[n]);
                for (int j = 0; j < n; j++) {
                    int i = (int) packed[j];
                    r.ids[j] = ids[i];
                    r.entryPage[j] = ePage[i];
                    r.entryOffset[j] = eOff[i];
                    r.entryLength[j] = eLen[i];
                    r.entryMin[j] = eMin[i];
                    r.entryMax[j] = eMax[i];
                }
                return r;
            } catch (IllegalStateException e) {
                throw new CorruptionException(file, indexOffset, "index does not decode: " + e.getMessage(), e);
            }
        }
    }

    public Path file() {
        return file;
    }

    public BlockMeta meta() {
        return meta;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    /** Series ids in this block, ascending. */
    public int[] seriesIds() {
        return ids.clone();
    }

    private int find(int id) {
        return Arrays.binarySearch(ids, id);
    }

    /** Newest timestamp of the series in this block, or {@code Long.MIN_VALUE} if absent. */
    public long maxTimestamp(int id) {
        int i = find(id);
        return i < 0 ? Long.MIN_VALUE : entryMax[i];
    }

    /** True if the series has rows overlapping {@code [from, to]}. */
    public boolean overlaps(int id, long from, long to) {
        int i = find(id);
        return i >= 0 && entryMin[i] <= to && entryMax[i] >= from;
    }

    /** All rows of a series, or null when the block does not hold it. */
    public Rows read(int id) throws IOException {
        int i = find(id);
        if (i < 0) {
            return null;
        }
        byte[] page = page(entryPage[i]);
        ByteSource in = new ByteSource(page, entryOffset[i], entryLength[i]);
        try {
            int n = in.getUvarintInt();
            long[] ts = new long[n];
            ColumnCodec.decodeTimestamps(in, ts, n);
            double[][] cols = new double[meta.columns()][n];
            for (int c = 0; c < meta.columns(); c++) {
                ColumnCodec.decodeValues(in, cols[c], n);
            }
            return new Rows(ts, cols, n);
        } catch (IllegalStateException e) {
            throw new CorruptionException(file, pageOffset[entryPage[i]], "series data in page " + entryPage[i]
                    + " does not decode: " + e.getMessage(), e);
        }
    }

    private byte[] page(int p) throws IOException {
        CachedPage c = cached;
        if (c != null && c.page == p) {
            return c.bytes;
        }
        byte[] compressed;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            compressed = readFully(ch, pageOffset[p], pageCompressed[p]);
        }
        CRC32C crc = new CRC32C();
        crc.update(compressed);
        if ((int) crc.getValue() != pageCrc[p]) {
            throw new CorruptionException(file, pageOffset[p], "page " + p + " CRC32C mismatch");
        }
        byte[] raw = decompress(file, pageOffset[p], compressed, pageRaw[p]);
        cached = new CachedPage(p, raw);
        return raw;
    }

    private static byte[] decompress(Path file, long offset, byte[] compressed, int rawLen) {
        byte[] out = new byte[rawLen];
        try {
            int n = new ZstdDecompressor().decompress(compressed, 0, compressed.length, out, 0, rawLen);
            if (n != rawLen) {
                throw new CorruptionException(file, offset, "zstd frame gave " + n + " bytes, expected " + rawLen);
            }
        } catch (RuntimeException e) {
            if (e instanceof CorruptionException ce) {
                throw ce;
            }
            throw new CorruptionException(file, offset, "zstd frame does not decompress: " + e.getMessage(), e);
        }
        return out;
    }

    private static byte[] readFully(FileChannel ch, long position, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(len);
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + pos);
            }
            pos += n;
        }
        return buf.array();
    }

    /** Drops the page cache; the block keeps no file open between reads. */
    @Override
    public void close() {
        cached = null;
    }
}
