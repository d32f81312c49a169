package dta.observatory.ingest.otlp;

import dta.observatory.api.v1.EmitResponse;
import dta.observatory.api.v1.Sample;
import dta.observatory.ingest.edge.GrpcAuthInterceptor;
import dta.observatory.ingest.emit.EmitPipeline;
import dta.observatory.ingest.emit.IngestGrpcService;
import dta.observatory.ingest.emit.IngestMetrics;
import dta.observatory.ingest.floodguard.FloodedException;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;

/**
 * OTLP metrics over gRPC on the ingest port: what an OpenTelemetry SDK or Collector exports goes through the same
 * pipeline as Emit (auth by the global interceptor, validation, PII guard, flood guard, cardinality limit, the
 * store's durable append) before the exporter gets its answer. Per the OTLP spec, data refused for good is reported
 * in partial_success (the exporter must not retry it); a request refused whole is INVALID_ARGUMENT; the flood guard
 * and an unavailable store answer RESOURCE_EXHAUSTED (with RetryInfo) and UNAVAILABLE, which exporters retry.
 */
@GrpcService
public class OtlpMetricsGrpcService extends MetricsServiceGrpc.MetricsServiceImplBase {

    private final EmitPipeline pipeline;
    private final IngestMetrics metrics;

    OtlpMetricsGrpcService(EmitPipeline pipeline, IngestMetrics metrics) {
        this.pipeline = pipeline;
        this.metrics = metrics;
    }

    @Override
    public void export(ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> reply) {
        String source = GrpcAuthInterceptor.currentSource(); // on the call's thread, where the Context is
        OtlpMetricsMapper.Mapped mapped = OtlpMetricsMapper.map(request);
        metrics.unsupportedOtlp(mapped.refusedPoints());
        emitInBatches(mapped.samples(), source)
                .map(outcome -> answer(mapped, outcome))
                .subscribe().with(response -> {
                    reply.onNext(response);
                    reply.onCompleted();
                }, failure -> reply.onError(IngestGrpcService.toStatus(failure)));
    }

    /** The pipeline takes at most {@link EmitPipeline#MAX_BATCH} samples a call: a large export goes in turns. */
    private Uni<EmitResponse> emitInBatches(List<Sample> samples, String source) {
        if (samples.isEmpty()) {
            return Uni.createFrom().item(EmitResponse.getDefaultInstance());
        }
        List<List<Sample>> batches = new ArrayList<>();
        for (int i = 0; i < samples.size(); i += EmitPipeline.MAX_BATCH) {
            batches.add(samples.subList(i, Math.min(samples.size(), i + EmitPipeline.MAX_BATCH)));
        }
        return Multi.createFrom().iterable(batches)
                .onItem().transformToUniAndConcatenate(batch -> Uni.createFrom()
                        .deferred(() -> pipeline.emit(batch, source))
                        // A later batch hitting the flood guard must not hide what earlier ones stored.
                        .onFailure(FloodedException.class).recoverWithItem(f -> EmitResponse.newBuilder()
                                .setDropped(((FloodedException) f).dropped())
                                .setRejected(((FloodedException) f).rejected()).build()))
                .collect().in(EmitResponse::newBuilder, (sum, one) -> sum
                        .setAccepted(sum.getAccepted() + one.getAccepted())
                        .setDropped(sum.getDropped() + one.getDropped())
                        .setRejected(sum.getRejected() + one.getRejected())
                        .addAllRejections(one.getRejectionsList().subList(0,
                                Math.min(one.getRejectionsCount(), 5))))
                .map(EmitResponse.Builder::build);
    }

    private static ExportMetricsServiceResponse answer(OtlpMetricsMapper.Mapped mapped, EmitResponse outcome) {
        long refused = mapped.refusedPoints() + outcome.getRejected();
        if (outcome.getAccepted() == 0 && outcome.getDropped() > 0 && refused == 0) {
            throw new FloodedException(outcome.getDropped(), 0, 1_000);
        }
        if (outcome.getAccepted() == 0 && outcome.getDropped() == 0 && refused > 0) {
            throw Status.INVALID_ARGUMENT.withDescription("nothing stored: " + message(mapped, outcome))
                    .asRuntimeException();
        }
        if (refused == 0 && outcome.getDropped() == 0) {
            return ExportMetricsServiceResponse.getDefaultInstance();
        }
        return ExportMetricsServiceResponse.newBuilder().setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                .setRejectedDataPoints(refused + outcome.getDropped())
                .setErrorMessage(message(mapped, outcome))).build();
    }

    private static String message(OtlpMetricsMapper.Mapped mapped, EmitResponse outcome) {
        List<String> parts = new ArrayList<>(mapped.refusals());
        if (outcome.getRejected() > 0) {
            parts.add(outcome.getRejected() + " sample(s) rejected, e.g. " + outcome.getRejectionsList().stream()
                    .limit(3).map(r -> r.getMessage()).toList());
        }
        if (outcome.getDropped() > 0) {
            parts.add(outcome.getDropped() + " sample(s) dropped by the flood guard; retry later");
        }
        return String.join("; ", parts);
    }
}
