package dta.observatory.store.engine.codec;

/**
 * Column encodings of sealed blocks, written uncompressed here and compressed per page with zstd by the block
 * writer. Both are lossless: every timestamp and every double bit pattern reads back exactly.
 *
 * <p>Timestamps: zig-zag varint of the first, of the first delta, then of each delta-of-delta.
 *
 * <p>Values: one mode byte, then
 * <ul>
 * <li>{@code 0x1E} (decimal, {@code E} = exponent 0..15): every value is {@code m / 10^E} for an integer
 *     {@code |m| <= 2^53} and the division gives back the very same bits. One transform byte follows and picks the
 *     smallest of: {@code T_MIN} (varint min, then uvarint {@code m - min}: noisy gauges), {@code T_DELTA} (varint
 *     first, varint deltas: random walks) and {@code T_DOD} (varint first, varint first delta, varint
 *     delta-of-deltas: steady counters).</li>
 * <li>{@code 0x00} (raw): each value's bits XOR the previous value's bits, 8 bytes big-endian (zeros cluster, zstd
 *     removes them). Used when any value has no exact short decimal form: NaN, ±Inf, -0.0, subnormals, 1/3…</li>
 * </ul>
 */
public final class ColumnCodec {

    static final int MODE_RAW = 0x00;
    static final int MODE_DECIMAL = 0x10;
    static final int T_MIN = 1;
    static final int T_DELTA = 2;
    static final int T_DOD = 3;
    static final int MAX_EXPONENT = 15;
    private static final long MAX_MANTISSA = 1L << 53;
    private static final double[] POW10 = new double[MAX_EXPONENT + 1];

    static {
        double p = 1;
        for (int i = 0; i <= MAX_EXPONENT; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private ColumnCodec() {
    }

    public static void encodeTimestamps(long[] ts, int n, ByteSink out) {
        if (n == 0) {
            return;
        }
        out.putVarint(ts[0]);
        if (n == 1) {
            return;
        }
        long prevDelta = ts[1] - ts[0];
        out.putVarint(prevDelta);
        for (int i = 2; i < n; i++) {
            long d = ts[i] - ts[i - 1];
            out.putVarint(d - prevDelta);
            prevDelta = d;
        }
    }

    public static void decodeTimestamps(ByteSource in, long[] ts, int n) {
        if (n == 0) {
            return;
        }
        ts[0] = in.getVarint();
        if (n == 1) {
            return;
        }
        long delta = in.getVarint();
        ts[1] = ts[0] + delta;
        for (int i = 2; i < n; i++) {
            delta += in.getVarint();
            ts[i] = ts[i - 1] + delta;
        }
    }

    public static void encodeValues(double[] v, int n, ByteSink out) {
        if (n == 0) {
            return;
        }
        long[] m = new long[n];
        int e = decimalExponent(v, n, m);
        if (e < 0) {
            out.put(MODE_RAW);
            long prev = 0;
            for (int i = 0; i < n; i++) {
                long bits = Double.doubleToRawLongBits(v[i]);
                out.putLongBE(bits ^ prev);
                prev = bits;
            }
            return;
        }
        out.put(MODE_DECIMAL | e);
        long min = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, m[i]);
        }
        long sizeMin = 0;
        long sizeDelta = 0;
        long sizeDod = 0;
        for (int i = 0; i < n; i++) {
            sizeMin += ByteSink.uvarintSize(m[i] - min);
            if (i > 0) {
                long d = m[i] - m[i - 1];
                sizeDelta += ByteSink.uvarintSize(ByteSink.zigzag(d));
                sizeDod += ByteSink.uvarintSize(ByteSink.zigzag(i == 1 ? d : d - (m[i - 1] - m[i - 2])));
            }
        }
        if (sizeMin <= sizeDelta && sizeMin <= sizeDod) {
            out.put(T_MIN);
            out.putVarint(min);
            for (int i = 0; i < n; i++) {
                out.putUvarint(m[i] - min);
            }
        } else if (sizeDelta <= sizeDod) {
            out.put(T_DELTA);
            out.putVarint(m[0]);
            for (int i = 1; i < n; i++) {
                out.putVarint(m[i] - m[i - 1]);
            }
        } else {
            out.put(T_DOD);
            out.putVarint(m[0]);
            long prevDelta = 0;
            for (int i = 1; i < n; i++) {
                long d = m[i] - m[i - 1];
                out.putVarint(i == 1 ? d : d - prevDelta);
                prevDelta = d;
            }
        }
    }

    public static void decodeValues(ByteSource in, double[] v, int n) {
        if (n == 0) {
            return;
        }
        int mode = in.get();
        if (mode == MODE_RAW) {
            long prev = 0;
            for (int i = 0; i < n; i++) {
                long bits = in.getLongBE() ^ prev;
                v[i] = Double.longBitsToDouble(bits);
                prev = bits;
            }
            return;
        }
        if ((mode & 0xF0) != MODE_DECIMAL) {
            throw new IllegalStateException("unknown value mode 0x" + Integer.toHexString(mode));
        }
        double scale = POW10[mode & 0x0F];
        int transform = in.get();
        long[] m = new long[n];
        switch (transform) {
            case T_MIN -> {
                long min = in.getVarint();
                for (int i = 0; i < n; i++) {
                    m[i] = min + in.getUvarint();
                }
            }
            case T_DELTA -> {
                m[0] = in.getVarint();
                for (int i = 1; i < n; i++) {
                    m[i] = m[i - 1] + in.getVarint();
                }
            }
            case T_DOD -> {
                m[0] = in.getVarint();
                long delta = 0;
                for (int i = 1; i < n; i++) {
                    delta = i == 1 ? in.getVarint() : delta + in.getVarint();
                    m[i] = m[i - 1] + delta;
                }
            }
            default -> throw new IllegalStateException("unknown integer transform " + transform);
        }
        for (int i = 0; i < n; i++) {
            v[i] = toDouble(m[i], scale);
        }
    }

    private static double toDouble(long m, double scale) {
        return scale == 1 ? (double) m : m / scale;
    }

    /**
     * The smallest exponent E such that every value is exactly {@code m_i / 10^E}; fills {@code m}. -1 if none.
     */
    static int decimalExponent(double[] v, int n, long[] m) {
        int e = 0;
        for (int i = 0; i < n; i++) {
            int ei = exponentOf(v[i], e);
            if (ei < 0) {
                return -1;
            }
            e = Math.max(e, ei);
        }
        double scale = POW10[e];
        for (int i = 0; i < n; i++) {
            double scaled = v[i] * scale;
            if (!(Math.abs(scaled) <= MAX_MANTISSA)) {
                return -1;
            }
            long mi = Math.round(scaled);
            if (Double.doubleToRawLongBits(toDouble(mi, scale)) != Double.doubleToRawLongBits(v[i])) {
                return -1;
            }
            m[i] = mi;
        }
        return e;
    }

    private static int exponentOf(double x, int from) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return -1;
        }
        long bits = Double.doubleToRawLongBits(x);
        for (int e = from; e <= MAX_EXPONENT; e++) {
            double scaled = x * POW10[e];
            if (!(Math.abs(scaled) <= MAX_MANTISSA)) {
                return -1;
            }
            long mi = Math.round(scaled);
            if (Double.doubleToRawLongBits(toDouble(mi, POW10[e])) == bits) {
                return e;
            }
        }
        return -1;
    }
}
