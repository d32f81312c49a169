package dta.observatory.store.engine.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Loads the {@link DatasetGenerator} dataset into VictoriaMetrics through {@code /api/v1/import} (JSON lines: one
 * line per series with all its values and timestamps), so both engines store exactly the same samples.
 *
 * <pre>java -cp ... VictoriaMetricsLoad http://127.0.0.1:8428 [series] [steps] [jitterMs]</pre>
 */
public final class VictoriaMetricsLoad {

    public static void main(String[] args) throws Exception {
        String base = args[0];
        int series = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 8_640;
        int jitter = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        DatasetGenerator gen = new DatasetGenerator(EngineBenchmark.SEED, series, steps, EngineBenchmark.START_MS,
                EngineBenchmark.STEP_MS, jitter);
        long t0 = System.nanoTime();
        int perRequest = 250;
        for (int first = 0; first < series; first += perRequest) {
            HttpURLConnection c = (HttpURLConnection) URI.create(base + "/api/v1/import").toURL().openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setChunkedStreamingMode(1 << 16);
            try (OutputStream out = new BufferedOutputStream(c.getOutputStream(), 1 << 16)) {
                for (int i = first; i < Math.min(series, first + perRequest); i++) {
                    StringBuilder sb = new StringBuilder(steps * 24);
                    sb.append("{\"metric\":{\"__name__\":\"").append(gen.key(i).metric()).append('"');
                    for (Map.Entry<String, String> l : gen.key(i).labels().entrySet()) {
                        sb.append(",\"").append(l.getKey()).append("\":\"").append(l.getValue()).append('"');
                    }
                    sb.append("},\"values\":[");
                    long[] ts = new long[steps];
                    for (int s = 0; s < steps; s++) {
                        ts[s] = gen.timestamp(i, s);
                        double v = gen.value(i, s);
                        if (s > 0) {
                            sb.append(',');
                        }
                        // shortest repr that parses back to the same double, as Prometheus' text format does
                        sb.append(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                                : Double.toString(v));
                    }
                    sb.append("],\"timestamps\":[");
                    for (int s = 0; s < steps; s++) {
                        if (s > 0) {
                            sb.append(',');
                        }
                        sb.append(ts[s]);
                    }
                    sb.append("]}\n");
                    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                }
            }
            int code = c.getResponseCode();
            if (code / 100 != 2) {
                throw new IllegalStateException("VictoriaMetrics answered " + code);
            }
            c.disconnect();
        }
        System.out.printf("sent %,d samples of %d series in %.1f s%n", gen.samples(), series,
                (System.nanoTime() - t0) / 1e9);
    }
}
