package dta.observatory.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dta.observatory.api.v1.Sample;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpMetricsMapperTest {

    private static final long T_NANOS = 1_764_000_000_123_456_789L;

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static ExportMetricsServiceRequest export(Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attr("service.name", "permits"))
                        .addAttributes(attr("region", "from-resource")))
                .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics)))).build();
    }

    private static NumberDataPoint.Builder point(double v) {
        return NumberDataPoint.newBuilder().setAsDouble(v).setTimeUnixNano(T_NANOS);
    }

    @Test
    void gaugesAndCumulativeSumsBecomeOneSampleEachWithResourceAndPointAttributesAsLabels() {
        OtlpMetricsMapper.Mapped m = OtlpMetricsMapper.map(export(
                Metric.newBuilder().setName("queue.depth").setGauge(Gauge.newBuilder()
                        .addDataPoints(point(4.5).addAttributes(attr("region", "north")))).build(),
                Metric.newBuilder().setName("payments.total").setSum(Sum.newBuilder().setIsMonotonic(true)
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(NumberDataPoint.newBuilder().setAsInt(7).setTimeUnixNano(T_NANOS))).build()));

        assertThat(m.refusedPoints()).isZero();
        assertThat(m.samples()).hasSize(2);
        Sample gauge = m.samples().get(0);
        assertThat(gauge.getMetric()).isEqualTo("queue.depth");
        assertThat(gauge.getValue()).isEqualTo(4.5);
        assertThat(gauge.getTimestampMs()).isEqualTo(1_764_000_000_123L);
        assertThat(gauge.getLabelsMap()).as("the point's attribute wins over the resource's")
                .isEqualTo(Map.of("service_name", "permits", "region", "north"));
        assertThat(m.samples().get(1).getValue()).isEqualTo(7);
        assertThat(m.samples().get(1).getLabelsMap()).containsEntry("region", "from-resource");
    }

    @Test
    void aHistogramBecomesCumulativeBucketsSumAndCount() {
        OtlpMetricsMapper.Mapped m = OtlpMetricsMapper.map(export(Metric.newBuilder().setName("pay.latency")
                .setHistogram(Histogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(T_NANOS).setCount(6)
                                .setSum(812.5).addAllExplicitBounds(List.of(10.0, 2.5e2))
                                .addAllBucketCounts(List.of(1L, 3L, 2L)))).build()));

        Map<String, Double> byName = new java.util.TreeMap<>();
        for (Sample s : m.samples()) {
            byName.put(s.getMetric() + s.getLabelsMap().getOrDefault("le", ""), s.getValue());
        }
        assertThat(byName).containsExactlyInAnyOrderEntriesOf(Map.of(
                "pay.latency_bucket10", 1.0, "pay.latency_bucket250", 4.0, "pay.latency_bucket+Inf", 6.0,
                "pay.latency_sum", 812.5, "pay.latency_count", 6.0));
    }

    @Test
    void aSummaryBecomesQuantileSeriesSumAndCount() {
        OtlpMetricsMapper.Mapped m = OtlpMetricsMapper.map(export(Metric.newBuilder().setName("rpc.ms")
                .setSummary(Summary.newBuilder().addDataPoints(SummaryDataPoint.newBuilder().setCount(3).setSum(30)
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99)
                                .setValue(25)))).build()));
        assertThat(m.samples()).extracting(s -> s.getMetric() + s.getLabelsMap().getOrDefault("quantile", ""))
                .containsExactly("rpc.ms0.99", "rpc.ms_sum", "rpc.ms_count");
    }

    @Test
    void deltaSumsAndExponentialHistogramsAreRefusedAndCountedAndEndedStreamsSkipped() {
        OtlpMetricsMapper.Mapped m = OtlpMetricsMapper.map(export(
                Metric.newBuilder().setName("delta.total").setSum(Sum.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                        .addDataPoints(point(1)).addDataPoints(point(2))).build(),
                Metric.newBuilder().setName("exp.latency").setExponentialHistogram(ExponentialHistogram.newBuilder()
                        .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setCount(1))).build(),
                Metric.newBuilder().setName("gone").setGauge(Gauge.newBuilder()
                        .addDataPoints(point(0).setFlags(1))).build()));
        assertThat(m.samples()).isEmpty();
        assertThat(m.refusedPoints()).isEqualTo(3);
        assertThat(m.refusals()).containsExactly(
                "2 point(s) of delta sum 'delta.total' (export cumulative temporality)",
                "1 point(s) of exponential histogram 'exp.latency' (not supported; use explicit bucket boundaries)");
    }

    @Test
    void attributeKeysBecomeLabelNames() {
        assertThat(OtlpMetricsMapper.labelName("service.name")).isEqualTo("service_name");
        assertThat(OtlpMetricsMapper.labelName("http.response.status_code")).isEqualTo("http_response_status_code");
        assertThat(OtlpMetricsMapper.labelName("9lives")).isEqualTo("key_9lives");
        assertThat(OtlpMetricsMapper.labelName("")).isEqualTo("key_");
        assertThat(OtlpMetricsMapper.boundary(0.005)).isEqualTo("0.005");
        assertThat(OtlpMetricsMapper.boundary(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    }
}
