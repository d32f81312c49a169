package dta.observatory.ingest.otlp;

import dta.observatory.api.v1.Sample;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns an OTLP metrics export into dta.v1 samples, the way Prometheus' OTLP receiver does, so that the same
 * queries work whichever protocol a service emits with:
 * <ul>
 *   <li>gauges and cumulative sums: one sample per data point, named as the metric (OTel's dotted names are valid
 *       metric names here);</li>
 *   <li>cumulative histograms: {@code <name>_bucket{le="..."}} with cumulative counts (and {@code le="+Inf"}),
 *       {@code <name>_sum} when recorded, {@code <name>_count};</li>
 *   <li>summaries: {@code <name>{quantile="..."}}, {@code <name>_sum}, {@code <name>_count};</li>
 *   <li>labels: resource attributes, then point attributes (a point attribute wins over a resource attribute of the
 *       same name); attribute keys become label names by replacing every character other than a letter, digit or
 *       '_' with '_' ({@code service.name} → {@code service_name}).</li>
 * </ul>
 * Refused, and counted in the reply's partial_success: delta sums and delta histograms (a delta is not a level a
 * query over stored points can use; the OTel SDKs export cumulative by default) and exponential histograms.
 * Points flagged "no recorded value" are skipped: they mark a stream that ended, which nothing here needs.
 */
public final class OtlpMetricsMapper {

    /** Samples to emit, and the data points refused before any validation with one message per kind of refusal. */
    public record Mapped(List<Sample> samples, int refusedPoints, List<String> refusals) {
    }

    private static final int FLAG_NO_RECORDED_VALUE = 1;

    private OtlpMetricsMapper() {
    }

    public static Mapped map(ExportMetricsServiceRequest request) {
        List<Sample> out = new ArrayList<>();
        Map<String, Integer> refused = new LinkedHashMap<>();
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            Map<String, String> resource = labels(rm.getResource().getAttributesList(), Map.of());
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    mapMetric(m, resource, out, refused);
                }
            }
        }
        int total = refused.values().stream().mapToInt(Integer::intValue).sum();
        List<String> messages = refused.entrySet().stream()
                .map(e -> e.getValue() + " point(s) " + e.getKey()).collect(Collectors.toList());
        return new Mapped(out, total, messages);
    }

    private static void mapMetric(Metric m, Map<String, String> resource, List<Sample> out,
            Map<String, Integer> refused) {
        String name = m.getName();
        switch (m.getDataCase()) {
            case GAUGE -> numbers(name, m.getGauge().getDataPointsList(), resource, out);
            case SUM -> {
                if (m.getSum().getAggregationTemporality() == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA) {
                    refuse(refused, "of delta sum '" + name + "' (export cumulative temporality)",
                            m.getSum().getDataPointsCount());
                } else {
                    numbers(name, m.getSum().getDataPointsList(), resource, out);
                }
            }
            case HISTOGRAM -> {
                if (m.getHistogram().getAggregationTemporality()
                        == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA) {
                    refuse(refused, "of delta histogram '" + name + "' (export cumulative temporality)",
                            m.getHistogram().getDataPointsCount());
                } else {
                    for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
                        histogram(name, p, resource, out);
                    }
                }
            }
            case SUMMARY -> {
                for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
                    summary(name, p, resource, out);
                }
            }
            case EXPONENTIAL_HISTOGRAM -> refuse(refused, "of exponential histogram '" + name
                    + "' (not supported; use explicit bucket boundaries)",
                    m.getExponentialHistogram().getDataPointsCount());
            case DATA_NOT_SET -> refuse(refused, "of metric '" + name + "' without data", 1);
        }
    }

    private static void numbers(String name, List<NumberDataPoint> points, Map<String, String> resource,
            List<Sample> out) {
        for (NumberDataPoint p : points) {
            if ((p.getFlags() & FLAG_NO_RECORDED_VALUE) != 0) {
                continue;
            }
            double v = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
            out.add(sample(name, labels(p.getAttributesList(), resource), v, p.getTimeUnixNano()));
        }
    }

    private static void histogram(String name, HistogramDataPoint p, Map<String, String> resource, List<Sample> out) {
        if ((p.getFlags() & FLAG_NO_RECORDED_VALUE) != 0) {
            return;
        }
        Map<String, String> labels = labels(p.getAttributesList(), resource);
        long cumulative = 0;
        for (int i = 0; i < p.getBucketCountsCount(); i++) {
            cumulative += p.getBucketCounts(i);
            // The last bucket has no upper bound: it is the +Inf bucket, whose cumulative count is the total.
            String le = i < p.getExplicitBoundsCount() ? boundary(p.getExplicitBounds(i)) : "+Inf";
            out.add(sample(name + "_bucket", with(labels, "le", le), cumulative, p.getTimeUnixNano()));
        }
        if (p.getBucketCountsCount() == 0) {
            out.add(sample(name + "_bucket", with(labels, "le", "+Inf"), p.getCount(), p.getTimeUnixNano()));
        }
        if (p.hasSum()) {
            out.add(sample(name + "_sum", labels, p.getSum(), p.getTimeUnixNano()));
        }
        out.add(sample(name + "_count", labels, p.getCount(), p.getTimeUnixNano()));
    }

    private static void summary(String name, SummaryDataPoint p, Map<String, String> resource, List<Sample> out) {
        if ((p.getFlags() & FLAG_NO_RECORDED_VALUE) != 0) {
            return;
        }
        Map<String, String> labels = labels(p.getAttributesList(), resource);
        for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
            out.add(sample(name, with(labels, "quantile", boundary(q.getQuantile())), q.getValue(),
                    p.getTimeUnixNano()));
        }
        out.add(sample(name + "_sum", labels, p.getSum(), p.getTimeUnixNano()));
        out.add(sample(name + "_count", labels, p.getCount(), p.getTimeUnixNano()));
    }

    /** Prometheus' spelling of a bucket bound or quantile: shortest decimal form, "+Inf" for infinity. */
    static String boundary(double v) {
        if (v == Double.POSITIVE_INFINITY) {
            return "+Inf";
        }
        if (v == Double.NEGATIVE_INFINITY) {
            return "-Inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static Sample sample(String name, Map<String, String> labels, double value, long timeUnixNano) {
        // 0 means "not set": ingest stamps its own time, as for Emit.
        return Sample.newBuilder().setMetric(name).putAllLabels(labels).setValue(value)
                .setTimestampMs(timeUnixNano / 1_000_000).build();
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(labels);
        copy.put(name, value);
        return copy;
    }

    /** {@code base} plus the attributes as labels, the attributes winning on a clash. */
    static Map<String, String> labels(List<KeyValue> attributes, Map<String, String> base) {
        Map<String, String> out = new LinkedHashMap<>(base);
        for (KeyValue kv : attributes) {
            out.put(labelName(kv.getKey()), text(kv.getValue()));
        }
        return out;
    }

    /** An attribute key as a label name: letters, digits and '_' only, not starting with a digit. */
    static String labelName(String key) {
        StringBuilder sb = new StringBuilder(key.length() + 1);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            sb.append(ok ? c : '_');
        }
        if (sb.length() == 0 || Character.isDigit(sb.charAt(0))) {
            sb.insert(0, "key_");
        }
        return sb.toString();
    }

    private static String text(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
            case ARRAY_VALUE -> v.getArrayValue().getValuesList().stream().map(OtlpMetricsMapper::text)
                    .collect(Collectors.joining(",", "[", "]"));
            case KVLIST_VALUE -> v.getKvlistValue().getValuesList().stream()
                    .map(kv -> kv.getKey() + "=" + text(kv.getValue())).collect(Collectors.joining(",", "{", "}"));
            case BYTES_VALUE -> java.util.Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            case VALUE_NOT_SET -> "";
        };
    }

    private static void refuse(Map<String, Integer> refused, String what, int points) {
        refused.merge(what, Math.max(points, 1), Integer::sum);
    }
}
