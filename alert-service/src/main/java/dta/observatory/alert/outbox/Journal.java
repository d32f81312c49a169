package dta.observatory.alert.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32;

/**
 * An append-only file of records, each {@code [u32 length][u32 crc32 of payload][payload]} (big-endian). Every
 * append is forced to disk before it returns, so a record that was acknowledged survives kill -9 and power loss.
 * On open, a torn or corrupt tail (a crash in the middle of a write) is cut off at the last good record: what it
 * held was never acknowledged. Compaction writes the live records to a new file, forces it, and renames it over
 * the old one (atomic on POSIX), so a crash during compaction leaves either the old or the new file whole.
 * Plain java.nio: nothing that a native image cannot compile.
 */
public final class Journal implements AutoCloseable {

    /** Largest record accepted; a length above it on replay means corruption, not a huge record. */
    public static final int MAX_RECORD = 16 * 1024 * 1024;

    private final Path file;
    private FileChannel channel;
    private long truncatedBytes;

    private Journal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens (creating if needed) and reads back every good record; see {@link #truncatedBytes()}. */
    public static Journal open(Path file, List<byte[]> replayed) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".compact"));
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            Journal j = new Journal(file, ch);
            long good = j.readAll(replayed);
            long size = ch.size();
            if (good < size) {
                j.truncatedBytes = size - good;
                ch.truncate(good);
                ch.force(true);
            }
            ch.position(good);
            return j;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal " + file, e);
        }
    }

    private long readAll(List<byte[]> out) throws IOException {
        long pos = 0;
        long size = channel.size();
        ByteBuffer header = ByteBuffer.allocate(8);
        while (pos + 8 <= size) {
            header.clear();
            channel.read(header, pos);
            header.flip();
            int length = header.getInt();
            long crc = header.getInt() & 0xffffffffL;
            if (length < 0 || length > MAX_RECORD || pos + 8 + length > size) {
                break;
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            channel.read(payload, pos + 8);
            if (crc(payload.array()) != crc) {
                break;
            }
            out.add(payload.array());
            pos += 8 + length;
        }
        return pos;
    }

    /** Appends the records and forces them to disk (one fsync for all). */
    public synchronized void append(List<byte[]> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            write(channel, records);
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to journal " + file, e);
        }
    }

    /** Replaces the whole journal with these records, crash-safely. */
    public synchronized void rewrite(List<byte[]> records) {
        Path tmp = file.resolveSibling(file.getFileName() + ".compact");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                write(out, records);
                out.force(true);
            }
            channel.close();
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                dir.force(true); // the rename itself must reach the disk
            } catch (IOException ignored) {
                // some file systems cannot open a directory; the rename is still atomic
            }
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            channel.position(channel.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compact journal " + file, e);
        }
    }

    private static void write(FileChannel out, List<byte[]> records) throws IOException {
        int total = 0;
        for (byte[] r : records) {
            if (r.length > MAX_RECORD) {
                throw new IllegalArgumentException("journal record of " + r.length + " bytes exceeds " + MAX_RECORD);
            }
            total += 8 + r.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(total);
        for (byte[] r : records) {
            buf.putInt(r.length).putInt((int) crc(r)).put(r);
        }
        buf.flip();
        while (buf.hasRemaining()) {
            out.write(buf);
        }
    }

    private static long crc(byte[] payload) {
        CRC32 c = new CRC32();
        c.update(payload);
        return c.getValue();
    }

    public synchronized long size() {
        try {
            return channel.size();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Bytes cut off the tail when opened (a torn last write). */
    public long truncatedBytes() {
        return truncatedBytes;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing after a failed write: nothing more to save
        }
    }
}
