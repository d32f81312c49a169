package dta.observatory.store.engine.codec;

/**
 * An adaptive binary range coder (the LZMA one: 11-bit probabilities, carry propagation through a cached byte;
 * adaptation shift 4 rather than LZMA's 5, since a block column holds only hundreds of values) and the integer
 * model the block codec uses on top of it.
 *
 * <p>Integer model ({@link #encodeInts}): each value is zig-zagged to {@code u}; its bit length {@code nb} (0..64)
 * is coded with a 7-level binary tree of adaptive probabilities; then the up to 3 bits under the leading one with a
 * tree per {@code nb}; the remaining low bits are written with probability 1/2. (Conditioning the bit length on the
 * previous one was tried: on 720-value columns the diluted statistics cost 7 % more than they saved.) That gets close to the entropy of noisy, skewed residuals, where byte-oriented
 * varints plus zstd waste about a fifth.
 */
public final class RangeCoder {

    private static final int PROB_BITS = 11;
    private static final int PROB_INIT = 1 << (PROB_BITS - 1);
    private static final int MOVE_BITS = 4;
    private static final int TOP = 1 << 24;
    private static final int LEN_CONTEXTS = 1;
    private static final int MANTISSA_BITS = 3;

    private RangeCoder() {
    }

    /** Appends the range-coded integers to {@code out}; the count is not written (the caller knows it). */
    public static void encodeInts(long[] v, int n, ByteSink out) {
        encodeInts(v, n, true, out);
    }

    /** As {@link #encodeInts(long[], int, ByteSink)}; {@code signed=false} skips zig-zag for values known >= 0. */
    public static void encodeInts(long[] v, int n, boolean signed, ByteSink out) {
        Encoder enc = new Encoder(out);
        short[] lenProbs = newProbs(LEN_CONTEXTS * 128);
        short[] mantProbs = newProbs(65 * (1 << MANTISSA_BITS));
        int prevNb = 0;
        for (int i = 0; i < n; i++) {
            long u = signed ? ByteSink.zigzag(v[i]) : v[i];
            int nb = 64 - Long.numberOfLeadingZeros(u);
            int ctx = Math.min(prevNb, LEN_CONTEXTS - 1) * 128;
            int m = 1;
            for (int b = 6; b >= 0; b--) {
                int bit = (nb >>> b) & 1;
                enc.encodeBit(lenProbs, ctx + m, bit);
                m = (m << 1) | bit;
            }
            if (nb > 1) {
                int rest = nb - 1;
                int modeled = Math.min(MANTISSA_BITS, rest);
                int base = nb * (1 << MANTISSA_BITS);
                m = 1;
                for (int b = rest - 1; b >= rest - modeled; b--) {
                    int bit = (int) ((u >>> b) & 1);
                    enc.encodeBit(mantProbs, base + m, bit);
                    m = (m << 1) | bit;
                }
                for (int b = rest - modeled - 1; b >= 0; b--) {
                    enc.encodeDirectBit((int) ((u >>> b) & 1));
                }
            }
            prevNb = nb;
        }
        enc.finish();
    }

    /** Reads {@code n} integers written by {@link #encodeInts}. */
    public static void decodeInts(ByteSource in, long[] v, int n) {
        decodeInts(in, v, n, true);
    }

    public static void decodeInts(ByteSource in, long[] v, int n, boolean signed) {
        Decoder dec = new Decoder(in);
        short[] lenProbs = newProbs(LEN_CONTEXTS * 128);
        short[] mantProbs = newProbs(65 * (1 << MANTISSA_BITS));
        int prevNb = 0;
        for (int i = 0; i < n; i++) {
            int ctx = Math.min(prevNb, LEN_CONTEXTS - 1) * 128;
            int m = 1;
            for (int b = 6; b >= 0; b--) {
                m = (m << 1) | dec.decodeBit(lenProbs, ctx + m);
            }
            int nb = m - 128;
            if (nb > 64) {
                throw new IllegalStateException("bit length " + nb + " out of range");
            }
            long u = 0;
            if (nb > 0) {
                u = 1;
                int rest = nb - 1;
                int modeled = Math.min(MANTISSA_BITS, rest);
                int base = nb * (1 << MANTISSA_BITS);
                m = 1;
                for (int b = 0; b < modeled; b++) {
                    int bit = dec.decodeBit(mantProbs, base + m);
                    m = (m << 1) | bit;
                    u = (u << 1) | bit;
                }
                for (int b = rest - modeled - 1; b >= 0; b--) {
                    u = (u << 1) | dec.decodeDirectBit();
                }
            }
            v[i] = signed ? ByteSink.unzigzag(u) : u;
            prevNb = nb;
        }
    }

    private static short[] newProbs(int n) {
        short[] p = new short[n];
        java.util.Arrays.fill(p, (short) PROB_INIT);
        return p;
    }

    static final class Encoder {
        private final ByteSink out;
        private long low;
        private int range = 0xFFFFFFFF;
        private int cache;
        private long cacheSize = 1;

        Encoder(ByteSink out) {
            this.out = out;
        }

        void encodeBit(short[] probs, int i, int bit) {
            int prob = probs[i];
            int bound = (range >>> PROB_BITS) * prob;
            if (bit == 0) {
                range = bound;
                probs[i] = (short) (prob + (((1 << PROB_BITS) - prob) >>> MOVE_BITS));
            } else {
                low += bound & 0xFFFFFFFFL;
                range -= bound;
                probs[i] = (short) (prob - (prob >>> MOVE_BITS));
            }
            while ((range & 0xFF000000) == 0) {
                range <<= 8;
                shiftLow();
            }
        }

        void encodeDirectBit(int bit) {
            range >>>= 1;
            if (bit != 0) {
                low += range & 0xFFFFFFFFL;
            }
            while ((range & 0xFF000000) == 0) {
                range <<= 8;
                shiftLow();
            }
        }

        private void shiftLow() {
            int lowHi = (int) (low >>> 32);
            if (lowHi != 0 || low < 0xFF000000L) {
                int temp = cache;
                do {
                    out.put((temp + lowHi) & 0xFF);
                    temp = 0xFF;
                } while (--cacheSize != 0);
                cache = (int) (low >>> 24) & 0xFF;
            }
            cacheSize++;
            low = (low & 0x00FFFFFFL) << 8;
        }

        void finish() {
            for (int i = 0; i < 5; i++) {
                shiftLow();
            }
        }
    }

    static final class Decoder {
        private final ByteSource in;
        private int range = 0xFFFFFFFF;
        private int code;

        Decoder(ByteSource in) {
            this.in = in;
            in.get(); // the encoder's first byte is always 0
            for (int i = 0; i < 4; i++) {
                code = (code << 8) | in.get();
            }
        }

        int decodeBit(short[] probs, int i) {
            int prob = probs[i];
            int bound = (range >>> PROB_BITS) * prob;
            int bit;
            if (Integer.compareUnsigned(code, bound) < 0) {
                range = bound;
                probs[i] = (short) (prob + (((1 << PROB_BITS) - prob) >>> MOVE_BITS));
                bit = 0;
            } else {
                range -= bound;
                code -= bound;
                probs[i] = (short) (prob - (prob >>> MOVE_BITS));
                bit = 1;
            }
            normalize();
            return bit;
        }

        int decodeDirectBit() {
            range >>>= 1;
            int t = (code - range) >>> 31; // 1 when code < range (unsigned, as code < 2 * range here)
            code -= range & (t - 1);
            normalize();
            return 1 - t;
        }

        private void normalize() {
            while ((range & 0xFF000000) == 0) {
                range <<= 8;
                code = (code << 8) | in.get();
            }
        }
    }
}
