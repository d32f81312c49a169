package dta.observatory.store.engine.wal;

import dta.observatory.store.engine.Fsync;
import dta.observatory.store.engine.codec.ByteSink;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The write-ahead log: numbered segment files {@code %08d.wal} in one directory, each a header then records
 * {@code [u32 length][u32 crc32c(payload)][payload]} (big-endian). Writers call {@link #write} and then
 * {@link #sync}; segments change only on {@link #rotate}/{@link #rotateIfFull}, so a segment can exceed its target
 * size by one record; concurrent syncs share one {@code fsync} (group commit):
 * a caller whose record another caller's fsync already covered returns without syncing again.
 *
 * <p>Segments never get appended to after a restart: {@link #open} always starts a fresh segment, so a torn tail
 * left by a crash stays at the end of an older segment where recovery cut it.
 */
public final class Wal implements Closeable {

    public static final byte[] SEGMENT_MAGIC = {'D', 'T', 'A', 'W', 'A', 'L', 0, 1};
    public static final int HEADER_BYTES = SEGMENT_MAGIC.length;
    /** Bytes before the payload of each record: length and CRC32C. */
    public static final int RECORD_HEADER_BYTES = 8;
    /** Largest payload accepted (a guard against reading garbage lengths as huge allocations). */
    public static final int MAX_RECORD_BYTES = 256 << 20;

    private final Path dir;
    private final long segmentBytes;
    private final Object writeLock = new Object();
    private final Object syncLock = new Object();

    private FileChannel channel;
    private int segment;
    private long segmentSize;
    private volatile long written;
    private long synced;
    private long syncCount;

    private Wal(Path dir, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /** Opens a new segment numbered after every existing one. */
    public static Wal open(Path dir, long segmentBytes) throws IOException {
        Files.createDirectories(dir);
        Wal wal = new Wal(dir, segmentBytes);
        List<Integer> existing = segmentNumbers(dir);
        int next = existing.isEmpty() ? 1 : existing.get(existing.size() - 1) + 1;
        wal.openSegment(next);
        return wal;
    }

    public static String segmentName(int n) {
        return String.format("%08d.wal", n);
    }

    /** Name of the sidecar marker saying segment {@code n} starts with a complete checkpoint of the head. */
    public static String checkpointName(int n) {
        return String.format("%08d.ckpt", n);
    }

    /** Whether segment {@code n} has a checkpoint marker. */
    public static boolean hasCheckpoint(Path dir, int n) {
        return Files.exists(dir.resolve(checkpointName(n)));
    }

    /** Segment numbers with a checkpoint marker in {@code dir}, ascending (a marker may outlive its segment). */
    public static List<Integer> checkpointNumbers(Path dir) throws IOException {
        List<Integer> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{8}\\.ckpt"))
                    .forEach(n -> out.add(Integer.parseInt(n.substring(0, 8))));
        }
        out.sort(null);
        return out;
    }

    /**
     * Atomically creates the checkpoint marker of segment {@code n} (temp file, fsync, rename, directory fsync).
     * Call only once the checkpoint entries of that segment are fsynced. {@code content} is for humans.
     */
    public void markCheckpoint(int n, String content) throws IOException {
        Path tmp = dir.resolve(checkpointName(n) + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(checkpointName(n)), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Fsync.directory(dir);
    }

    /** Segment numbers present in {@code dir}, ascending. */
    public static List<Integer> segmentNumbers(Path dir) throws IOException {
        List<Integer> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{8}\\.wal"))
                    .forEach(n -> out.add(Integer.parseInt(n.substring(0, 8))));
        }
        out.sort(null);
        return out;
    }

    private void openSegment(int n) throws IOException {
        Path file = dir.resolve(segmentName(n));
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ch.write(ByteBuffer.wrap(SEGMENT_MAGIC));
        ch.force(true);
        Fsync.directory(dir);
        channel = ch;
        segment = n;
        segmentSize = HEADER_BYTES;
    }

    /** The segment new records go to. */
    public int currentSegment() {
        synchronized (writeLock) {
            return segment;
        }
    }

    /**
     * Appends one record whose payload is {@code record[8..size)}; the first 8 bytes are reserved for the header
     * and filled here. Returns a token for {@link #sync}. Does not fsync.
     */
    public long write(ByteSink record) throws IOException {
        int payloadLen = record.size() - RECORD_HEADER_BYTES;
        if (payloadLen <= 0 || payloadLen > MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("record payload must be 1.." + MAX_RECORD_BYTES + " bytes, got "
                    + payloadLen);
        }
        CRC32C crc = new CRC32C();
        crc.update(record.array(), RECORD_HEADER_BYTES, payloadLen);
        record.setIntBE(0, payloadLen);
        record.setIntBE(4, (int) crc.getValue());
        synchronized (writeLock) {
            ByteBuffer buf = ByteBuffer.wrap(record.array(), 0, record.size());
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            segmentSize += record.size();
            written += record.size();
            return written;
        }
    }

    /** Returns once everything up to {@code token} is on stable storage; one fsync serves all waiting callers. */
    public void sync(long token) throws IOException {
        synchronized (syncLock) {
            if (synced >= token) {
                return;
            }
            long target = written;
            channel.force(false);
            syncCount++;
            synced = target;
        }
    }

    /**
     * Starts the next segment if the current one reached the configured size. Callers invoke this between records
     * (never inside one writer's sequence that assumes a segment, such as series definitions); returns the segment
     * now current.
     */
    public int rotateIfFull() throws IOException {
        synchronized (writeLock) {
            if (segmentSize >= segmentBytes) {
                rotateLocked();
            }
            return segment;
        }
    }

    /** fsyncs and closes the current segment, starts the next; returns the new segment's number. */
    public int rotate() throws IOException {
        synchronized (writeLock) {
            rotateLocked();
            return segment;
        }
    }

    private void rotateLocked() throws IOException {
        synchronized (syncLock) {
            channel.force(false);
            channel.close();
            synced = written;
            openSegment(segment + 1);
        }
    }

    /**
     * Deletes every segment numbered below {@code segment} and their checkpoint markers (after their content went
     * into a block or a newer checkpoint). Segments go first, so a crash can leave a marker without its segment
     * (harmless: a newer marker exists), never an old segment whose marker is gone.
     */
    public void deleteBefore(int segmentNumber) throws IOException {
        for (int n : segmentNumbers(dir)) {
            if (n < segmentNumber) {
                Files.deleteIfExists(dir.resolve(segmentName(n)));
            }
        }
        for (int n : checkpointNumbers(dir)) {
            if (n < segmentNumber) {
                Files.deleteIfExists(dir.resolve(checkpointName(n)));
            }
        }
        Fsync.directory(dir);
    }

    /** How many fsyncs ran (group commit makes this far lower than the number of syncing appends). */
    public long syncCount() {
        synchronized (syncLock) {
            return syncCount;
        }
    }

    public long sizeOnDisk() throws IOException {
        long total = 0;
        for (int n : segmentNumbers(dir)) {
            total += Files.size(dir.resolve(segmentName(n)));
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        synchronized (writeLock) {
            synchronized (syncLock) {
                if (channel.isOpen()) {
                    channel.force(false);
                    channel.close();
                }
            }
        }
    }
}
