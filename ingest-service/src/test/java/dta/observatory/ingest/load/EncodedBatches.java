package dta.observatory.ingest.load;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dta.observatory.api.v1.EmitRequest;
import dta.observatory.api.v1.Sample;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Writes {@code EmitRequest} wire bytes directly, with each series' metric and labels encoded once. The load tool
 * shares the 2-core machine with ingest and the store; building protobuf messages with label maps cost it about a
 * third of the machine, which measured the client, not ingest. The bytes are exactly what the generated classes
 * write ({@link #check} compares them at start).
 */
final class EncodedBatches {

    /** The request side of a method as raw bytes, so a pre-encoded batch goes out without a message object. */
    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private final byte[][] seriesPrefix;

    /** Series {@code i} is metric {@code metric} with label {@code series="s<i>"}. */
    EncodedBatches(String metric, int series) {
        seriesPrefix = new byte[series][];
        for (int i = 0; i < series; i++) {
            Sample template = Sample.newBuilder().setMetric(metric).putLabels("series", "s" + i).build();
            seriesPrefix[i] = template.toByteArray(); // fields 1 and 4; value and timestamp are appended
        }
    }

    /** The bytes of an EmitRequest of samples {@code seq .. seq+count-1}: value = seq, timestamp from the caller. */
    byte[] batch(long seq, int count, java.util.function.LongUnaryOperator timestampOf) {
        int size = 0;
        for (int k = 0; k < count; k++) {
            size += sampleFieldSize(seq + k, timestampOf.applyAsLong(seq + k));
        }
        byte[] out = new byte[size];
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        try {
            for (int k = 0; k < count; k++) {
                long s = seq + k;
                long ts = timestampOf.applyAsLong(s);
                byte[] prefix = seriesPrefix[(int) (s % seriesPrefix.length)];
                o.writeTag(EmitRequest.SAMPLES_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                o.writeUInt32NoTag(sampleSize(prefix, s, ts));
                o.writeRawBytes(prefix);
                o.writeDouble(Sample.VALUE_FIELD_NUMBER, s);
                o.writeInt64(Sample.TIMESTAMP_MS_FIELD_NUMBER, ts);
            }
            o.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private int sampleFieldSize(long seq, long ts) {
        int n = sampleSize(seriesPrefix[(int) (seq % seriesPrefix.length)], seq, ts);
        return CodedOutputStream.computeTagSize(EmitRequest.SAMPLES_FIELD_NUMBER)
                + CodedOutputStream.computeUInt32SizeNoTag(n) + n;
    }

    private static int sampleSize(byte[] prefix, long seq, long ts) {
        return prefix.length + CodedOutputStream.computeDoubleSize(Sample.VALUE_FIELD_NUMBER, seq)
                + CodedOutputStream.computeInt64Size(Sample.TIMESTAMP_MS_FIELD_NUMBER, ts);
    }

    /** Fails unless the bytes parse to the same samples the generated builders would make. */
    void check(String metric, java.util.function.LongUnaryOperator timestampOf) throws IOException {
        int n = Math.min(seriesPrefix.length + 3, 5000);
        EmitRequest parsed = EmitRequest.parseFrom(batch(0, n, timestampOf));
        EmitRequest.Builder expected = EmitRequest.newBuilder();
        for (long s = 0; s < n; s++) {
            expected.addSamples(Sample.newBuilder().setMetric(metric).putLabels("series", "s" + (s % seriesPrefix.length))
                    .setValue(s).setTimestampMs(timestampOf.applyAsLong(s)));
        }
        if (!parsed.equals(expected.build())) {
            throw new IllegalStateException("pre-encoded batches differ from the generated messages");
        }
    }
}
