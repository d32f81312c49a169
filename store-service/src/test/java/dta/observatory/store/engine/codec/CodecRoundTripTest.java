package dta.observatory.store.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Property-style round trips of the head (Gorilla) and block (decimal/zstd-ready) codecs. */
class CodecRoundTripTest {

    private static final double[] EDGE_VALUES = {
        0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff8dead_beef0001L), Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL / 3, Double.MAX_VALUE,
        -Double.MAX_VALUE, 1.0 / 3, 0.1, 0.07, 12.34, -12.34, 1e-300, 1e300, 9007199254740993.0, 123456789.125, 1.0,
    };

    @Test
    void randomAndEdgeSeriesRoundTripBitExactly() {
        Random rnd = new Random(42);
        for (int round = 0; round < 1000; round++) {
            int n = 1 + rnd.nextInt(300);
            long[] ts = new long[n];
            double[] v = new double[n];
            fill(rnd, round, ts, v, n);
            assertXorRoundTrip(ts, v, n);
            assertColumnRoundTrip(ts, v, n);
        }
    }

    @Test
    void decimalDataUsesDecimalModeAndIsSmall() {
        int n = 720;
        double[] v = new double[n];
        long[] m = new long[n];
        Random rnd = new Random(1);
        for (int i = 0; i < n; i++) {
            v[i] = Math.round((50 + rnd.nextGaussian()) * 100) / 100.0;
        }
        assertThat(ColumnCodec.decimalExponent(v, n, m)).isEqualTo(2);
        ByteSink out = new ByteSink();
        ColumnCodec.encodeValues(v, n, out);
        assertThat(out.size()).isLessThan(n * 2);
    }

    @Test
    void rangeCoderRoundTripsAnyLongs() {
        Random rnd = new Random(7);
        for (int round = 0; round < 500; round++) {
            int n = 1 + rnd.nextInt(1000);
            long[] v = new long[n];
            int bits = 1 + rnd.nextInt(64);
            for (int i = 0; i < n; i++) {
                v[i] = switch (rnd.nextInt(20)) {
                    case 0 -> Long.MIN_VALUE;
                    case 1 -> Long.MAX_VALUE;
                    case 2 -> 0;
                    default -> rnd.nextLong() >> (64 - bits);
                };
            }
            boolean signed = rnd.nextBoolean();
            if (!signed) {
                for (int i = 0; i < n; i++) {
                    v[i] &= Long.MAX_VALUE;
                }
            }
            ByteSink out = new ByteSink();
            RangeCoder.encodeInts(v, n, signed, out);
            long[] back = new long[n];
            ByteSource in = new ByteSource(out.toByteArray());
            RangeCoder.decodeInts(in, back, n, signed);
            assertThat(back).isEqualTo(v);
        }
    }

    @Test
    void negativeZeroFallsBackToRaw() {
        double[] v = {1.5, -0.0, 2.25};
        assertThat(ColumnCodec.decimalExponent(v, 3, new long[3])).isEqualTo(-1);
        assertColumnRoundTrip(new long[] {1, 2, 3}, v, 3);
    }

    private static void fill(Random rnd, int round, long[] ts, double[] v, int n) {
        long t = rnd.nextBoolean() ? rnd.nextLong() >> rnd.nextInt(64) : 1_700_000_000_000L;
        int kind = round % 6;
        double level = rnd.nextGaussian() * 1000;
        for (int i = 0; i < n; i++) {
            ts[i] = t;
            switch (rnd.nextInt(10)) {
                case 0 -> t += 0; // equal timestamps
                case 1 -> t += Math.abs(rnd.nextLong() >> 2) % (Long.MAX_VALUE / 4); // huge jump
                default -> t += 10_000 + rnd.nextInt(50) - 25;
            }
            if (t < ts[i]) {
                t = ts[i]; // stay non-decreasing after overflow
            }
            v[i] = switch (kind) {
                case 0 -> EDGE_VALUES[rnd.nextInt(EDGE_VALUES.length)];
                case 1 -> Double.longBitsToDouble(rnd.nextLong());
                case 2 -> Math.round((level + rnd.nextGaussian()) * 100) / 100.0;
                case 3 -> i + rnd.nextInt(3);
                case 4 -> rnd.nextInt(2);
                default -> rnd.nextDouble() < 0.05 ? EDGE_VALUES[rnd.nextInt(EDGE_VALUES.length)]
                        : Math.round(rnd.nextGaussian() * 10) / 10.0;
            };
        }
    }

    private static void assertXorRoundTrip(long[] ts, double[] v, int n) {
        XorChunk chunk = new XorChunk();
        for (int i = 0; i < n; i++) {
            chunk.append(ts[i], v[i]);
        }
        XorChunk.Iterator it = chunk.iterator();
        for (int i = 0; i < n; i++) {
            assertThat(it.next()).isTrue();
            assertThat(it.timestamp()).isEqualTo(ts[i]);
            assertThat(Double.doubleToRawLongBits(it.value())).as("value %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(v[i]));
        }
        assertThat(it.next()).isFalse();
    }

    private static void assertColumnRoundTrip(long[] ts, double[] v, int n) {
        ByteSink out = new ByteSink();
        ColumnCodec.encodeTimestamps(ts, n, out);
        ColumnCodec.encodeValues(v, n, out);
        ByteSource in = new ByteSource(out.toByteArray());
        long[] ts2 = new long[n];
        double[] v2 = new double[n];
        ColumnCodec.decodeTimestamps(in, ts2, n);
        ColumnCodec.decodeValues(in, v2, n);
        assertThat(in.hasRemaining()).isFalse();
        assertThat(ts2).isEqualTo(java.util.Arrays.copyOf(ts, n));
        for (int i = 0; i < n; i++) {
            assertThat(Double.doubleToRawLongBits(v2[i])).isEqualTo(Double.doubleToRawLongBits(v[i]));
        }
    }
}
