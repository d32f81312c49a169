package dta.observatory.ingest.remotewrite;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dta.observatory.api.v1.Sample;
import io.airlift.compress.snappy.SnappyDecompressor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a Prometheus remote_write 1.0 body: snappy (raw block format) around a protobuf
 * {@code prometheus.WriteRequest}. Only the fields ingest stores are read (the rest is skipped):
 * <pre>
 * WriteRequest { repeated TimeSeries timeseries = 1; }
 * TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
 * Label        { string name = 1; string value = 2; }
 * Sample       { double value = 1; int64 timestamp = 2; }   // ms since epoch
 * </pre>
 * The {@code __name__} label becomes the metric name. Prometheus' stale markers (a NaN with the payload
 * {@value #STALE_NAN_BITS}) say "this series is gone"; ingest has no use for them and skips them (counted), while
 * any other NaN is a sample that validation rejects.
 */
public final class WriteRequestDecoder {

    /** Prometheus' staleness marker: value.StaleNaN. */
    public static final long STALE_NAN_BITS = 0x7ff0000000000002L;
    /** Largest decompressed body accepted (Prometheus sends well under 1 MiB per request by default). */
    public static final int MAX_DECOMPRESSED_BYTES = 32 * 1024 * 1024;

    /** The samples of one request and the number of stale markers skipped. */
    public record Decoded(List<Sample> samples, int staleMarkers) {
    }

    /** @throws IllegalArgumentException naming what is wrong with the body (answered 400: never retried) */
    public Decoded decode(byte[] snappyBody) {
        if (snappyBody == null || snappyBody.length == 0) {
            throw new IllegalArgumentException("remote_write body is empty");
        }
        byte[] raw = uncompress(snappyBody);
        try {
            return parse(CodedInputStream.newInstance(raw));
        } catch (IOException e) {
            throw new IllegalArgumentException("remote_write body is not a protobuf WriteRequest: " + e.getMessage());
        }
    }

    private static byte[] uncompress(byte[] body) {
        SnappyDecompressor snappy = new SnappyDecompressor();
        int length;
        try {
            length = SnappyDecompressor.getUncompressedLength(body, 0);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("remote_write body is not snappy-compressed (raw block format)");
        }
        if (length < 0 || length > MAX_DECOMPRESSED_BYTES) {
            throw new IllegalArgumentException("remote_write body decompresses to " + length + " bytes; the limit is "
                    + MAX_DECOMPRESSED_BYTES);
        }
        byte[] out = new byte[length];
        try {
            int n = snappy.decompress(body, 0, body.length, out, 0, length);
            if (n != length) {
                throw new IllegalArgumentException("remote_write body is truncated snappy data");
            }
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("remote_write")) {
                throw iae;
            }
            throw new IllegalArgumentException("remote_write body is not valid snappy data: " + e.getMessage());
        }
        return out;
    }

    private static Decoded parse(CodedInputStream in) throws IOException {
        List<Sample> samples = new ArrayList<>();
        int stale = 0;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == 1 && WireFormat.getTagWireType(tag) == 2) {
                int limit = in.pushLimit(in.readRawVarint32());
                stale += timeSeries(in, samples);
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
        return new Decoded(samples, stale);
    }

    private static int timeSeries(CodedInputStream in, List<Sample> out) throws IOException {
        Map<String, String> labels = new HashMap<>();
        List<double[]> points = new ArrayList<>(); // {value, timestamp}
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == 1 && WireFormat.getTagWireType(tag) == 2) {
                int limit = in.pushLimit(in.readRawVarint32());
                String name = "";
                String value = "";
                while (!in.isAtEnd()) {
                    int t = in.readTag();
                    switch (WireFormat.getTagFieldNumber(t)) {
                        case 1 -> name = in.readString();
                        case 2 -> value = in.readString();
                        default -> in.skipField(t);
                    }
                }
                in.popLimit(limit);
                labels.put(name, value);
            } else if (field == 2 && WireFormat.getTagWireType(tag) == 2) {
                int limit = in.pushLimit(in.readRawVarint32());
                double value = 0;
                long ts = 0;
                while (!in.isAtEnd()) {
                    int t = in.readTag();
                    switch (WireFormat.getTagFieldNumber(t)) {
                        case 1 -> value = in.readDouble();
                        case 2 -> ts = in.readInt64();
                        default -> in.skipField(t);
                    }
                }
                in.popLimit(limit);
                points.add(new double[] {value, ts});
            } else {
                in.skipField(tag);
            }
        }
        String metric = labels.remove("__name__");
        int stale = 0;
        for (double[] p : points) {
            if (Double.doubleToRawLongBits(p[0]) == STALE_NAN_BITS) {
                stale++;
                continue;
            }
            out.add(Sample.newBuilder().setMetric(metric == null ? "" : metric).putAllLabels(labels).setValue(p[0])
                    .setTimestampMs((long) p[1]).build());
        }
        return stale;
    }
}
