package dta.observatory.store.engine;

import java.nio.file.Path;

/**
 * A file of the engine does not hold what its format promises. Names the file and the byte offset of the first bad
 * byte so recovery can decide (cut a torn WAL tail, refuse to open, or quarantine a block).
 */
public final class CorruptionException extends RuntimeException {

    private final Path file;
    private final long offset;

    public CorruptionException(Path file, long offset, String reason) {
        this(file, offset, reason, null);
    }

    public CorruptionException(Path file, long offset, String reason, Throwable cause) {
        super("corrupt " + file + " at offset " + offset + ": " + reason, cause);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
