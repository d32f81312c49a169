package dta.observatory.store.engine.block;

import dta.observatory.store.engine.Fsync;
import dta.observatory.store.engine.codec.ByteSink;
import dta.observatory.store.engine.codec.ColumnCodec;
import dta.observatory.store.storage.SeriesKey;
import io.airlift.compress.zstd.ZstdCompressor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes an immutable block file (layout in {@code docs/storage-format.md}): series sorted by metric and labels,
 * packed into pages of about {@code pageBytes} uncompressed bytes, each page one zstd frame; then a zstd index and
 * a fixed footer. Written to {@code <name>.tmp}, fsynced, renamed, directory fsynced: a reader never sees half a
 * block, and a crash leaves at worst a {@code .tmp} file that the next open deletes.
 */
public final class BlockWriter {

    public static final byte[] MAGIC = {'D', 'T', 'A', 'B', 'L', 'K', 0, 1};
    public static final byte[] FOOTER_MAGIC = {'D', 'T', 'A', 'E', 'N', 'D', 0, 1};
    public static final int FOOTER_BYTES = 72;

    /** Orders series the way blocks store them: by metric, then by their label map's string form. */
    public static final Comparator<SeriesKey> KEY_ORDER =
            Comparator.comparing(SeriesKey::metric).thenComparing(SeriesKey::labelsString);

    private BlockWriter() {
    }

    /** Writes the block and returns its size in bytes. */
    public static long write(Path target, List<SeriesData> series, int kind, int columns, int walSegment,
            long cutoff, int pageBytes) throws IOException {
        List<SeriesData> sorted = new ArrayList<>(series);
        sorted.sort(Comparator.comparing(SeriesData::key, KEY_ORDER));
        ZstdCompressor zstd = new ZstdCompressor();
        CRC32C crc = new CRC32C();
        ByteSink file = new ByteSink(1 << 16);
        file.putBytes(MAGIC, 0, MAGIC.length);
        ByteSink page = new ByteSink(pageBytes + 4096);
        ByteSink pages = new ByteSink(256);
        ByteSink entries = new ByteSink(1 << 12);
        int pageCount = 0;
        long minTs = Long.MAX_VALUE;
        long maxTs = Long.MIN_VALUE;
        long rows = 0;
        int written = 0;
        for (SeriesData s : sorted) {
            if (s.n() == 0) {
                continue;
            }
            int offset = page.size();
            page.putUvarint(s.n());
            ColumnCodec.encodeTimestamps(s.ts(), s.n(), page);
            for (int c = 0; c < columns; c++) {
                ColumnCodec.encodeValues(s.columns()[c], s.n(), page);
            }
            entries.putString(s.key().metric());
            SeriesKey key = s.key();
            entries.putUvarint(key.labelCount());
            for (int l = 0; l < key.labelCount(); l++) {
                entries.putString(key.labelName(l));
                entries.putString(key.labelValue(l));
            }
            long sMin = s.ts()[0];
            long sMax = s.ts()[s.n() - 1];
            entries.putUvarint(pageCount);
            entries.putUvarint(offset);
            entries.putUvarint(page.size() - offset);
            entries.putVarint(sMin);
            entries.putUvarint(sMax - sMin);
            entries.putUvarint(s.n());
            minTs = Math.min(minTs, sMin);
            maxTs = Math.max(maxTs, sMax);
            rows += s.n();
            written++;
            if (page.size() >= pageBytes) {
                flushPage(page, file, pages, zstd, crc);
                pageCount++;
            }
        }
        if (page.size() > 0) {
            flushPage(page, file, pages, zstd, crc);
            pageCount++;
        }
        ByteSink index = new ByteSink(pages.size() + entries.size() + 16);
        index.putUvarint(pageCount);
        index.putBytes(pages.array(), 0, pages.size());
        index.putUvarint(written);
        index.putBytes(entries.array(), 0, entries.size());
        long indexOffset = file.size();
        int indexCompressed = compressInto(index, file, zstd);
        crc.reset();
        crc.update(file.array(), (int) indexOffset, indexCompressed);
        int footerStart = file.size();
        file.putLongBE(indexOffset);
        file.putIntBE(indexCompressed);
        file.putIntBE(index.size());
        file.putIntBE((int) crc.getValue());
        file.put(kind);
        file.put(columns);
        file.put(0);
        file.put(0);
        file.putLongBE(minTs);
        file.putLongBE(maxTs);
        file.putLongBE(rows);
        file.putIntBE(walSegment);
        file.putLongBE(cutoff);
        crc.reset();
        crc.update(file.array(), footerStart, file.size() - footerStart);
        file.putIntBE((int) crc.getValue());
        file.putBytes(FOOTER_MAGIC, 0, FOOTER_MAGIC.length);
        if (file.size() - footerStart != FOOTER_BYTES) {
            throw new IllegalStateException("footer is " + (file.size() - footerStart) + " bytes");
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(file.array(), 0, file.size());
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp); // e.g. disk full: leave no partial file behind
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        Fsync.directory(target.getParent());
        return file.size();
    }

    private static void flushPage(ByteSink page, ByteSink file, ByteSink pages, ZstdCompressor zstd, CRC32C crc) {
        int offset = file.size();
        int compressed = compressInto(page, file, zstd);
        crc.reset();
        crc.update(file.array(), offset, compressed);
        pages.putUvarint(offset);
        pages.putUvarint(compressed);
        pages.putUvarint(page.size());
        pages.putIntBE((int) crc.getValue());
        page.reset();
    }

    private static int compressInto(ByteSink raw, ByteSink file, ZstdCompressor zstd) {
        byte[] out = new byte[zstd.maxCompressedLength(raw.size())];
        int n = zstd.compress(raw.array(), 0, raw.size(), out, 0, out.length);
        file.putBytes(out, 0, n);
        return n;
    }
}
