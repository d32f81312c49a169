package dta.observatory.store.engine.codec;

import io.airlift.compress.zstd.ZstdCompressor;

/**
 * Column encodings of sealed blocks, written here and compressed per page with zstd by the block writer. Both are
 * lossless: every timestamp and every double bit pattern reads back exactly.
 *
 * <p>Timestamps: zig-zag varint of the first, of the first delta, then of each delta-of-delta.
 *
 * <p>Values: one mode byte, then
 * <ul>
 * <li>{@code 0x1E} / {@code 0x2E} (decimal, {@code E} = exponent 0..15): every value is {@code m / 10^E} for an
 *     integer {@code |m| <= 2^53} and the division gives back the very same bits. A transform byte picks the
 *     cheapest residuals: {@code T_MIN} (header = min, residuals {@code m - min} >= 0: noisy gauges),
 *     {@code T_DELTA} (header = first, residuals = deltas: random walks), {@code T_DOD} (header = first, residuals
 *     = first delta then delta-of-deltas: steady counters) or {@code T_AVG} (no header, residuals = {@code m}
 *     minus the integer mean of the previous 8: noise around a drifting level). The header is a zig-zag varint.
 *     {@code 0x1E}: residuals as varints (zig-zag unless {@code T_MIN}); {@code 0x2E}: residuals range-coded by
 *     {@link RangeCoder} (chosen when smaller than the varints compressed alone with zstd).</li>
 * <li>{@code 0x00} (raw): each value's bits XOR the previous value's bits, 8 bytes big-endian (zeros cluster, zstd
 *     removes them). Used when any value has no exact short decimal form: NaN, ±Inf, -0.0, subnormals, 1/3…</li>
 * </ul>
 */
public final class ColumnCodec {

    static final int MODE_RAW = 0x00;
    static final int MODE_DECIMAL = 0x10;
    static final int MODE_DECIMAL_RC = 0x20;
    /** Below this many residuals the range coder's 5-byte flush outweighs what it saves. */
    static final int MIN_RANGE_CODED = 32;
    static final int T_MIN = 1;
    static final int T_DELTA = 2;
    static final int T_DOD = 3;
    static final int T_AVG = 4;
    /** Values the T_AVG predictor averages. */
    static final int AVG_WINDOW = 8;
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
        long min = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, m[i]);
        }
        long sizeMin = 0;
        long sizeDelta = 0;
        long sizeDod = 0;
        long sizeAvg = 0;
        long windowSum = 0;
        for (int i = 0; i < n; i++) {
            sizeAvg += ByteSink.uvarintSize(ByteSink.zigzag(m[i] - predict(windowSum, i)));
            windowSum += m[i] - (i >= AVG_WINDOW ? m[i - AVG_WINDOW] : 0);
            sizeMin += ByteSink.uvarintSize(m[i] - min);
            if (i > 0) {
                long d = m[i] - m[i - 1];
                sizeDelta += ByteSink.uvarintSize(ByteSink.zigzag(d));
                sizeDod += ByteSink.uvarintSize(ByteSink.zigzag(i == 1 ? d : d - (m[i - 1] - m[i - 2])));
            }
        }
        // residuals of the cheapest transform, after its header value
        int transform;
        long header = 0;
        long[] r = new long[n];
        int rn;
        if (sizeAvg < sizeMin && sizeAvg < sizeDelta && sizeAvg < sizeDod) {
            transform = T_AVG;
            windowSum = 0;
            for (int i = 0; i < n; i++) {
                r[i] = m[i] - predict(windowSum, i);
                windowSum += m[i] - (i >= AVG_WINDOW ? m[i - AVG_WINDOW] : 0);
            }
            rn = n;
        } else if (sizeMin <= sizeDelta && sizeMin <= sizeDod) {
            transform = T_MIN;
            header = min;
            for (int i = 0; i < n; i++) {
                r[i] = m[i] - min;
            }
            rn = n;
        } else if (sizeDelta <= sizeDod) {
            transform = T_DELTA;
            header = m[0];
            for (int i = 1; i < n; i++) {
                r[i - 1] = m[i] - m[i - 1];
            }
            rn = n - 1;
        } else {
            transform = T_DOD;
            header = m[0];
            long prevDelta = 0;
            for (int i = 1; i < n; i++) {
                long d = m[i] - m[i - 1];
                r[i - 1] = i == 1 ? d : d - prevDelta;
                prevDelta = d;
            }
            rn = n - 1;
        }
        boolean signed = transform != T_MIN;
        // varints (zstd compresses them later with the page) or range-coded (already entropy-coded): the smaller
        ByteSink varints = new ByteSink(rn * 2 + 16);
        for (int i = 0; i < rn; i++) {
            if (signed) {
                varints.putVarint(r[i]);
            } else {
                varints.putUvarint(r[i]);
            }
        }
        ByteSink coded = new ByteSink(rn + 16);
        if (rn > 0) {
            RangeCoder.encodeInts(r, rn, signed, coded);
        }
        boolean useRange = rn >= MIN_RANGE_CODED && coded.size() < zstdSize(varints);
        out.put((useRange ? MODE_DECIMAL_RC : MODE_DECIMAL) | e);
        out.put(transform);
        if (transform != T_AVG) {
            out.putVarint(header);
        }
        ByteSink body = useRange ? coded : varints;
        out.putBytes(body.array(), 0, body.size());
    }

    private static int zstdSize(ByteSink s) {
        ZstdCompressor zstd = new ZstdCompressor();
        byte[] buf = new byte[zstd.maxCompressedLength(s.size())];
        return zstd.compress(s.array(), 0, s.size(), buf, 0, buf.length);
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
        int kind = mode & 0xF0;
        if (kind != MODE_DECIMAL && kind != MODE_DECIMAL_RC) {
            throw new IllegalStateException("unknown value mode 0x" + Integer.toHexString(mode));
        }
        double scale = POW10[mode & 0x0F];
        int transform = in.get();
        if (transform < T_MIN || transform > T_AVG) {
            throw new IllegalStateException("unknown integer transform " + transform);
        }
        long header = transform == T_AVG ? 0 : in.getVarint();
        int rn = transform == T_MIN || transform == T_AVG ? n : n - 1;
        boolean signed = transform != T_MIN;
        long[] r = new long[Math.max(rn, 1)];
        if (kind == MODE_DECIMAL_RC) {
            if (rn > 0) {
                RangeCoder.decodeInts(in, r, rn, signed);
            }
        } else {
            for (int i = 0; i < rn; i++) {
                r[i] = signed ? in.getVarint() : in.getUvarint();
            }
        }
        long[] m = new long[n];
        switch (transform) {
            case T_MIN -> {
                for (int i = 0; i < n; i++) {
                    m[i] = header + r[i];
                }
            }
            case T_DELTA -> {
                m[0] = header;
                for (int i = 1; i < n; i++) {
                    m[i] = m[i - 1] + r[i - 1];
                }
            }
            case T_DOD -> {
                m[0] = header;
                long delta = 0;
                for (int i = 1; i < n; i++) {
                    delta = i == 1 ? r[0] : delta + r[i - 1];
                    m[i] = m[i - 1] + delta;
                }
            }
            default -> {
                long windowSum = 0;
                for (int i = 0; i < n; i++) {
                    m[i] = predict(windowSum, i) + r[i];
                    windowSum += m[i] - (i >= AVG_WINDOW ? m[i - AVG_WINDOW] : 0);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            v[i] = toDouble(m[i], scale);
        }
    }

    /** Integer mean of the previous (up to) {@link #AVG_WINDOW} values; 0 for the first. */
    private static long predict(long windowSum, int i) {
        int k = Math.min(i, AVG_WINDOW);
        return k == 0 ? 0 : Math.floorDiv(windowSum, k);
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
