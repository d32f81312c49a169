package dta.observatory.store.engine.codec;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link ByteSink} wrote. Running past the end throws {@link IllegalStateException} ("truncated"), which
 * the file readers turn into a {@code CorruptionException} naming file and offset.
 */
public final class ByteSource {

    private final byte[] buf;
    private int pos;
    private final int end;

    public ByteSource(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public ByteSource(byte[] buf, int off, int len) {
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    public int position() {
        return pos;
    }

    public void position(int p) {
        pos = p;
    }

    public boolean hasRemaining() {
        return pos < end;
    }

    public int remaining() {
        return end - pos;
    }

    private void need(int n) {
        if (pos + n > end) {
            throw new IllegalStateException("truncated at " + pos + " (need " + n + " bytes, " + (end - pos) + " left)");
        }
    }

    public int get() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public long getUvarint() {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            need(1);
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalStateException("varint too long at " + pos);
    }

    public long getVarint() {
        return ByteSink.unzigzag(getUvarint());
    }

    public int getUvarintInt() {
        long v = getUvarint();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new IllegalStateException("length out of range: " + v + " at " + pos);
        }
        return (int) v;
    }

    public long getLongBE() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    public int getIntBE() {
        need(4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    public String getString() {
        int len = getUvarintInt();
        need(len);
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }
}
