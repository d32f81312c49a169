package dta.observatory.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dta.observatory.api.v1.Sample;
import dta.observatory.ingest.emit.RecordingStore;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The test: the real OpenTelemetry Java SDK with its OTLP gRPC exporter, pointed at ingest's port, exports a
 * gauge, a counter and a histogram, which then reach the (recording) store as samples.
 */
@QuarkusTest
class OtlpExportTest {

    private static final AttributeKey<String> QUEUE = AttributeKey.stringKey("queue");

    @BeforeEach
    void reset() {
        RecordingStore.APPENDED.clear();
        RecordingStore.down = false;
    }

    @Test
    void theOpenTelemetrySdkExportsAGaugeACounterAndAHistogramIntoTheStore() {
        OtlpGrpcMetricExporter exporter = OtlpGrpcMetricExporter.builder()
                .setEndpoint("http://127.0.0.1:" + RestAssured.port).setTimeout(Duration.ofSeconds(10)).build();
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(
                        Attributes.of(AttributeKey.stringKey("service.name"), "permits"))))
                // Exports happen on forceFlush below, not on a timer.
                .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
                .build();
        try {
            Meter meter = provider.get("dta.otlp.test");
            meter.gaugeBuilder("otlp.queue.depth").buildWithCallback(
                    g -> g.record(42.5, Attributes.of(QUEUE, "permits")));
            LongCounter payments = meter.counterBuilder("otlp.payments.total").build();
            payments.add(5, Attributes.of(QUEUE, "permits"));
            payments.add(2, Attributes.of(QUEUE, "permits"));
            DoubleHistogram latency = meter.histogramBuilder("otlp.pay.latency")
                    .setExplicitBucketBoundariesAdvice(List.of(10.0, 100.0)).build();
            latency.record(5);
            latency.record(50);
            latency.record(500);

            // Waits for the export call (its result says success even when the export failed: the store tells).
            provider.forceFlush().join(20, TimeUnit.SECONDS);
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> find("otlp.pay.latency_count", null).isPresent());
        Sample gauge = find("otlp.queue.depth", null).orElseThrow();
        assertThat(gauge.getValue()).isEqualTo(42.5);
        assertThat(gauge.getLabelsMap()).containsEntry("queue", "permits").containsEntry("service_name", "permits")
                .containsEntry("telemetry_sdk_language", "java");
        assertThat(gauge.getTimestampMs()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        assertThat(find("otlp.payments.total", null).orElseThrow().getValue()).isEqualTo(7);
        assertThat(find("otlp.pay.latency_bucket", "10").orElseThrow().getValue()).isEqualTo(1);
        assertThat(find("otlp.pay.latency_bucket", "100").orElseThrow().getValue()).isEqualTo(2);
        assertThat(find("otlp.pay.latency_bucket", "+Inf").orElseThrow().getValue()).isEqualTo(3);
        assertThat(find("otlp.pay.latency_sum", null).orElseThrow().getValue()).isEqualTo(555);
        assertThat(find("otlp.pay.latency_count", null).orElseThrow().getValue()).isEqualTo(3);
    }

    @Test
    void refusedPointsAreAnsweredInPartialSuccessAndAllRefusedIsInvalidArgument() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", RestAssured.port).usePlaintext().build();
        try {
            MetricsServiceGrpc.MetricsServiceBlockingStub otlp = MetricsServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS);
            Metric good = gauge("otlp.partial.ok", 1);
            Metric badName = gauge("otlp/partial/bad name", 2);
            Metric delta = Metric.newBuilder().setName("otlp.partial.delta").setSum(Sum.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                    .addDataPoints(NumberDataPoint.newBuilder().setAsInt(3))).build();

            ExportMetricsServiceResponse partly = otlp.export(request(good, badName, delta));
            assertThat(partly.getPartialSuccess().getRejectedDataPoints()).isEqualTo(2);
            assertThat(partly.getPartialSuccess().getErrorMessage()).contains("delta sum 'otlp.partial.delta'")
                    .contains("1 sample(s) rejected").contains("otlp/partial/bad name");
            assertThat(find("otlp.partial.ok", null)).isPresent();

            assertThatThrownBy(() -> otlp.export(request(badName, delta)))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).startsWith("nothing stored: ");
                    });
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Metric gauge(String name, double value) {
        return Metric.newBuilder().setName(name).setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setAsDouble(value))).build();
    }

    private static ExportMetricsServiceRequest request(Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics)))).build();
    }

    private static Optional<Sample> find(String metric, String le) {
        return RecordingStore.APPENDED.stream().filter(s -> s.getMetric().equals(metric))
                .filter(s -> le == null || le.equals(s.getLabelsMap().get("le"))).findFirst();
    }
}
