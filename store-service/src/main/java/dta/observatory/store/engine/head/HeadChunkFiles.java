package dta.observatory.store.engine.head;

import dta.observatory.store.engine.codec.XorChunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Full head chunks, kept off the Java heap in memory-mapped scratch files, as Prometheus' {@code head_chunks}: the
 * heap holds each series' open chunk and an 8-byte reference per full one, so heap per active series stays small
 * however long the head spans, and sealing a chunk costs a copy, not a re-encoding.
 *
 * <p>These files are a cache, not a source of truth: they are never fsynced, every open starts them empty, and the
 * WAL replay rebuilds them. A segment is deleted once no series refers to it any more (a head cut re-encodes what
 * it keeps, so the old segments empty out cut by cut).
 *
 * <pre>
 * segment file chunks-NNNNNN: chunk*
 * chunk: int count | int bitLength | long firstTs | long lastTs | Gorilla bytes (ceil(bitLength / 8))
 * reference: segment index << 32 | offset
 * </pre>
 *
 * Thread-safe: writes and reference counting are synchronised; reads use absolute gets on the mapping and take
 * no lock (a chunk is fully written before its reference is handed out).
 */
public final class HeadChunkFiles implements AutoCloseable {

    static final int CHUNK_HEADER_BYTES = 24;
    /** Default segment size: mapped lazily by the OS, so only the pages written take memory and disk. */
    public static final int DEFAULT_SEGMENT_BYTES = 64 << 20;

    private final Path dir;
    private final int segmentBytes;
    /** Mappings by segment index; null once a segment is deleted. Replaced on growth (copy on write). */
    private volatile MappedByteBuffer[] segments = new MappedByteBuffer[0];
    private int[] liveChunks = new int[0];
    private int[] usedBytes = new int[0];
    private int current = -1;
    private int writeOffset;
    private long bytesInUse;
    private boolean closed;

    /** Opens {@code dir} for a new head: any chunk files of an earlier run are deleted (the WAL rebuilds them). */
    public HeadChunkFiles(Path dir, int segmentBytes) throws IOException {
        if (segmentBytes < 4096) {
            throw new IllegalArgumentException("segmentBytes must be at least 4096, got " + segmentBytes);
        }
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        Files.createDirectories(dir);
        try (Stream<Path> old = Files.list(dir)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
    }

    /** Copies a full chunk out of the heap; returns its reference. */
    public synchronized long write(XorChunk chunk) {
        if (closed) {
            throw new IllegalStateException("head chunk files are closed");
        }
        int bytes = chunk.byteSize();
        int need = CHUNK_HEADER_BYTES + bytes;
        if (need > segmentBytes) {
            throw new IllegalArgumentException("chunk of " + need + " bytes exceeds the segment size " + segmentBytes);
        }
        if (current < 0 || writeOffset + need > segmentBytes) {
            newSegment();
        }
        MappedByteBuffer m = segments[current];
        int at = writeOffset;
        m.putInt(at, chunk.count());
        m.putInt(at + 4, (int) chunk.bitLength());
        m.putLong(at + 8, chunk.firstTimestamp());
        m.putLong(at + 16, chunk.lastTimestamp());
        m.put(at + CHUNK_HEADER_BYTES, chunk.bytes(), 0, bytes);
        writeOffset += need;
        usedBytes[current] = writeOffset;
        bytesInUse += need;
        liveChunks[current]++;
        return ((long) current << 32) | at;
    }

    /** The series holding {@code ref} no longer needs it; its segment goes when nothing else refers to it. */
    public synchronized void release(long ref) {
        int seg = (int) (ref >>> 32);
        if (--liveChunks[seg] == 0) {
            deleteSegment(seg);
            if (seg == current) {
                current = -1; // the next chunk starts a new segment
            }
        }
    }

    public int count(long ref) {
        return buffer(ref).getInt(offset(ref));
    }

    public long firstTimestamp(long ref) {
        return buffer(ref).getLong(offset(ref) + 8);
    }

    public long lastTimestamp(long ref) {
        return buffer(ref).getLong(offset(ref) + 16);
    }

    /** Decodes the chunk at {@code ref}. */
    public XorChunk.Iterator iterator(long ref) {
        MappedByteBuffer m = buffer(ref);
        int at = offset(ref);
        int count = m.getInt(at);
        long bitLen = Integer.toUnsignedLong(m.getInt(at + 4));
        byte[] data = new byte[(int) ((bitLen + 7) >>> 3)];
        m.get(at + CHUNK_HEADER_BYTES, data, 0, data.length);
        return XorChunk.iterator(data, bitLen, count);
    }

    /** Bytes written into the segments still on disk, live and dead chunks alike (what the disk quota counts). */
    public synchronized long bytesOnDisk() {
        return bytesInUse;
    }

    private MappedByteBuffer buffer(long ref) {
        MappedByteBuffer m = segments[(int) (ref >>> 32)];
        if (m == null) {
            throw new IllegalStateException("head chunk segment " + (ref >>> 32) + " was deleted while referenced");
        }
        return m;
    }

    private static int offset(long ref) {
        return (int) ref;
    }

    private void newSegment() {
        int previous = current;
        int seg = segments.length;
        Path file = dir.resolve(String.format("chunks-%06d", seg));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, segmentBytes); // stays valid after close
            MappedByteBuffer[] next = Arrays.copyOf(segments, seg + 1);
            next[seg] = m;
            liveChunks = Arrays.copyOf(liveChunks, seg + 1);
            usedBytes = Arrays.copyOf(usedBytes, seg + 1);
            segments = next;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create head chunk segment " + file, e);
        }
        current = seg;
        writeOffset = 0;
        if (previous >= 0 && liveChunks[previous] == 0) {
            deleteSegment(previous);
        }
    }

    private void deleteSegment(int seg) {
        MappedByteBuffer[] next = segments.clone();
        next[seg] = null;
        segments = next;
        bytesInUse -= usedBytes[seg];
        try {
            // The mapping itself goes with the garbage collector; Linux keeps the pages until then.
            Files.deleteIfExists(dir.resolve(String.format("chunks-%06d", seg)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete head chunk segment " + seg, e);
        }
    }

    /** Deletes the segment files: they are a cache the next open would delete anyway. */
    @Override
    public synchronized void close() {
        closed = true;
        for (int seg = 0; seg < segments.length; seg++) {
            if (segments[seg] != null) {
                deleteSegment(seg);
            }
        }
        current = -1;
    }
}
