package dta.observatory.store.engine.wal;

import dta.observatory.store.engine.CorruptionException;
import dta.observatory.store.engine.codec.ByteSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/** Reads the records of one WAL segment, checking every length and CRC. */
public final class WalReader {

    private WalReader() {
    }

    /** Outcome of reading a segment: how far it was valid and whether bytes after that were bad. */
    public record Result(int records, long validBytes, long fileBytes, String problem) {
        public boolean clean() {
            return problem == null;
        }
    }

    /**
     * Feeds each valid record's payload to {@code consumer} and stops at the first bad one. The caller decides
     * what a bad tail means: in the last segment a torn write (cut it with {@link #truncate}), elsewhere corruption.
     * A bad header throws {@link CorruptionException}.
     */
    public static Result read(Path file, Consumer<ByteSource> consumer) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < Wal.HEADER_BYTES) {
            return new Result(0, 0, bytes.length, "segment shorter than its header");
        }
        if (!Arrays.equals(Arrays.copyOf(bytes, Wal.HEADER_BYTES), Wal.SEGMENT_MAGIC)) {
            throw new CorruptionException(file, 0, "not a WAL segment (bad magic)");
        }
        int pos = Wal.HEADER_BYTES;
        int records = 0;
        CRC32C crc = new CRC32C();
        while (pos < bytes.length) {
            if (bytes.length - pos < Wal.RECORD_HEADER_BYTES) {
                return new Result(records, pos, bytes.length, "torn record header");
            }
            ByteSource header = new ByteSource(bytes, pos, Wal.RECORD_HEADER_BYTES);
            int len = header.getIntBE();
            int expectedCrc = header.getIntBE();
            if (len <= 0 || len > Wal.MAX_RECORD_BYTES) {
                return new Result(records, pos, bytes.length, "bad record length " + len);
            }
            if (bytes.length - pos - Wal.RECORD_HEADER_BYTES < len) {
                return new Result(records, pos, bytes.length, "torn record (length " + len + ")");
            }
            crc.reset();
            crc.update(bytes, pos + Wal.RECORD_HEADER_BYTES, len);
            if ((int) crc.getValue() != expectedCrc) {
                return new Result(records, pos, bytes.length, "CRC32C mismatch");
            }
            try {
                consumer.accept(new ByteSource(bytes, pos + Wal.RECORD_HEADER_BYTES, len));
            } catch (IllegalStateException e) {
                throw new CorruptionException(file, pos, "record with a valid CRC does not decode", e);
            }
            records++;
            pos += Wal.RECORD_HEADER_BYTES + len;
        }
        return new Result(records, pos, bytes.length, null);
    }

    /** Cuts a segment to its valid prefix and fsyncs it. */
    public static void truncate(Path file, long validBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(validBytes);
            ch.force(true);
        }
    }
}
