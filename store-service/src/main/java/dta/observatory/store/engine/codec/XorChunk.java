package dta.observatory.store.engine.codec;

import java.util.Arrays;

/**
 * A Gorilla chunk (Pelkonen et al., VLDB 2015) for the in-memory head: timestamps as delta-of-delta in variable
 * bit buckets, values XOR-ed with their predecessor with leading/trailing-zero windows. Samples must be appended in
 * non-decreasing timestamp order (equal timestamps are allowed by the codec). Any long timestamp and any double bit
 * pattern round-trips exactly (NaN payloads, -0.0, subnormals): huge jumps fall back to a 64-bit escape.
 *
 * <pre>
 * sample 0:  ts 64 bits | value 64 bits
 * sample i:  dod  '0'                      (dod == 0)
 *                 '10'   + 14-bit signed
 *                 '110'  + 17-bit signed
 *                 '1110' + 20-bit signed
 *                 '1111' + 64 bits
 *            xor  '0'                      (same bits as previous value)
 *                 '10' + meaningful bits   (fits the previous leading/trailing window)
 *                 '11' + 5-bit leading + 6-bit length (0 = 64) + meaningful bits
 * </pre>
 *
 * Not thread-safe; the head guards each series.
 */
public final class XorChunk {

    private byte[] data;
    private long bitLen;
    private int count;

    private long firstTs;
    private long lastTs;
    private long lastDelta;
    private long lastBits;
    private int leading = 0xFF;
    private int trailing;

    /** The first sample is written raw: 64 bits of timestamp and 64 of value. */
    private static final int FIRST_SAMPLE_BYTES = 16;

    public XorChunk() {
        this(32);
    }

    /** A chunk whose bit stream starts with room for {@code initialBytes} (it grows when needed). */
    public XorChunk(int initialBytes) {
        data = new byte[Math.max(initialBytes, FIRST_SAMPLE_BYTES + 1)];
    }

    public int count() {
        return count;
    }

    public long firstTimestamp() {
        return firstTs;
    }

    public long lastTimestamp() {
        return lastTs;
    }

    public double lastValue() {
        return Double.longBitsToDouble(lastBits);
    }

    /** Bytes held by the bit stream (its capacity, which is what the heap pays). */
    public int byteCapacity() {
        return data.length;
    }

    public int byteSize() {
        return (int) ((bitLen + 7) >>> 3);
    }

    public void append(long ts, double value) {
        long bits = Double.doubleToRawLongBits(value);
        if (count == 0) {
            writeBits(ts, 64);
            writeBits(bits, 64);
            firstTs = ts;
            lastDelta = 0;
        } else {
            long delta = ts - lastTs;
            long dod = delta - lastDelta;
            if (dod == 0) {
                writeBits(0, 1);
            } else if (fits(dod, 14)) {
                writeBits(0b10, 2);
                writeBits(dod, 14);
            } else if (fits(dod, 17)) {
                writeBits(0b110, 3);
                writeBits(dod, 17);
            } else if (fits(dod, 20)) {
                writeBits(0b1110, 4);
                writeBits(dod, 20);
            } else {
                writeBits(0b1111, 4);
                writeBits(dod, 64);
            }
            lastDelta = delta;
            writeValue(bits);
        }
        lastTs = ts;
        lastBits = bits;
        count++;
    }

    private void writeValue(long bits) {
        long xor = bits ^ lastBits;
        if (xor == 0) {
            writeBits(0, 1);
            return;
        }
        int lead = Math.min(Long.numberOfLeadingZeros(xor), 31);
        int trail = Long.numberOfTrailingZeros(xor);
        if (leading != 0xFF && lead >= leading && trail >= trailing) {
            writeBits(0b10, 2);
            writeBits(xor >>> trailing, 64 - leading - trailing);
        } else {
            leading = lead;
            trailing = trail;
            int sig = 64 - lead - trail;
            writeBits(0b11, 2);
            writeBits(lead, 5);
            writeBits(sig == 64 ? 0 : sig, 6);
            writeBits(xor >>> trail, sig);
        }
    }

    private static boolean fits(long v, int bits) {
        long min = -(1L << (bits - 1));
        long max = (1L << (bits - 1)) - 1;
        return v >= min && v <= max;
    }

    private void writeBits(long value, int nbits) {
        if (nbits == 0) {
            return;
        }
        long needBytes = (bitLen + nbits + 7) >>> 3;
        if (needBytes > data.length) {
            data = Arrays.copyOf(data, (int) Math.max(data.length + (data.length >> 1), needBytes));
        }
        for (int i = nbits - 1; i >= 0; ) {
            int byteIdx = (int) (bitLen >>> 3);
            int bitInByte = (int) (bitLen & 7);
            int room = 8 - bitInByte;
            int take = Math.min(room, i + 1);
            int chunk = (int) ((value >>> (i + 1 - take)) & ((1 << take) - 1));
            data[byteIdx] |= (byte) (chunk << (room - take));
            bitLen += take;
            i -= take;
        }
    }

    /** Frees the spare capacity of a chunk that will take no more samples. */
    public void trim() {
        int need = byteSize();
        if (data.length > need) {
            data = Arrays.copyOf(data, Math.max(need, 1));
        }
    }

    public Iterator iterator() {
        return new Iterator(data, bitLen, count);
    }

    /** Bits written so far; with {@link #count()} and the first {@link #byteSize()} bytes, the whole chunk. */
    public long bitLength() {
        return bitLen;
    }

    /** The bit stream; only its first {@link #byteSize()} bytes are meaningful. */
    public byte[] bytes() {
        return data;
    }

    /** Decodes a chunk stored elsewhere as {@code bytes}, {@code bitLen} and {@code count}. */
    public static Iterator iterator(byte[] bytes, long bitLen, int count) {
        return new Iterator(bytes, bitLen, count);
    }

    /** Decodes a chunk; {@link #next()} returns false at the end. */
    public static final class Iterator {
        private final byte[] data;
        private final long bitLen;
        private final int count;
        private long pos;
        private int read;
        private long ts;
        private long delta;
        private long bits;
        private int leading;
        private int trailing;

        Iterator(byte[] data, long bitLen, int count) {
            this.data = data;
            this.bitLen = bitLen;
            this.count = count;
        }

        public boolean next() {
            if (read >= count) {
                return false;
            }
            if (read == 0) {
                ts = readBits(64);
                bits = readBits(64);
            } else {
                long dod;
                if (readBit() == 0) {
                    dod = 0;
                } else if (readBit() == 0) {
                    dod = signed(readBits(14), 14);
                } else if (readBit() == 0) {
                    dod = signed(readBits(17), 17);
                } else if (readBit() == 0) {
                    dod = signed(readBits(20), 20);
                } else {
                    dod = readBits(64);
                }
                delta += dod;
                ts += delta;
                if (readBit() == 1) {
                    if (readBit() == 1) {
                        leading = (int) readBits(5);
                        int sig = (int) readBits(6);
                        if (sig == 0) {
                            sig = 64;
                        }
                        trailing = 64 - leading - sig;
                    }
                    int sig = 64 - leading - trailing;
                    bits ^= readBits(sig) << trailing;
                }
            }
            read++;
            return true;
        }

        public long timestamp() {
            return ts;
        }

        public double value() {
            return Double.longBitsToDouble(bits);
        }

        private static long signed(long v, int nbits) {
            return (v << (64 - nbits)) >> (64 - nbits);
        }

        private int readBit() {
            int b = (data[(int) (pos >>> 3)] >>> (7 - (pos & 7))) & 1;
            pos++;
            return b;
        }

        private long readBits(int nbits) {
            if (pos + nbits > bitLen) {
                throw new IllegalStateException("xor chunk truncated");
            }
            long v = 0;
            while (nbits > 0) {
                int byteIdx = (int) (pos >>> 3);
                int bitInByte = (int) (pos & 7);
                int room = 8 - bitInByte;
                int take = Math.min(room, nbits);
                int chunk = (data[byteIdx] >>> (room - take)) & ((1 << take) - 1);
                v = (v << take) | chunk;
                pos += take;
                nbits -= take;
            }
            return v;
        }
    }
}
