package dta.observatory.store.api;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.AppendResponse;
import dta.observatory.api.v1.AppendStreamRequest;
import dta.observatory.api.v1.AppendStreamResponse;
import dta.observatory.api.v1.LabelNamesRequest;
import dta.observatory.api.v1.LabelNamesResponse;
import dta.observatory.api.v1.LabelValuesRequest;
import dta.observatory.api.v1.LabelValuesResponse;
import dta.observatory.api.v1.ListMetricsRequest;
import dta.observatory.api.v1.ListMetricsResponse;
import dta.observatory.api.v1.RangeRequest;
import dta.observatory.api.v1.RangeResponse;
import dta.observatory.api.v1.SliceRequest;
import dta.observatory.api.v1.SliceResponse;
import dta.observatory.api.v1.StoreService;
import dta.observatory.store.cluster.ClusterMode;
import dta.observatory.store.cluster.query.Partiality;
import dta.observatory.store.cluster.query.Sharded;
import dta.observatory.store.query.StoreQueries;
import dta.observatory.store.storage.AppendOutcome;
import dta.observatory.store.storage.QueryResult;
import dta.observatory.store.storage.Storage;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** dta.v1.StoreService over gRPC: translation only; the work is in {@link Storage} and {@link StoreQueries}. */
@GrpcService
public class StoreGrpcService implements StoreService {

    private static final Logger LOG = Logger.getLogger(StoreGrpcService.class);

    private final Storage storage;
    private final StoreQueries queries;
    private final Counter appended;
    private final RefusedQueries refused;
    private final int streamConcurrency;
    /** Cluster mode: samples arrive from Kafka only, so that every replica of a shard stores the same ones. */
    private final boolean clustered;

    StoreGrpcService(Storage storage, StoreQueries queries, MeterRegistry registry, RefusedQueries refused,
            @ConfigProperty(name = "dta.store.append-stream.concurrency", defaultValue = "8") int streamConcurrency,
            ClusterMode clusterMode) {
        if (streamConcurrency < 1) {
            throw new IllegalArgumentException("dta.store.append-stream.concurrency must be >= 1, got "
                    + streamConcurrency);
        }
        this.storage = storage;
        this.queries = queries;
        this.refused = refused;
        this.streamConcurrency = streamConcurrency;
        this.clustered = clusterMode.clustered();
        this.appended = Counter.builder("dta.store.samples.appended")
                .description("Samples stored through Append and AppendStream").register(registry);
    }

    @Override
    @Blocking
    public Uni<AppendResponse> append(AppendRequest request) {
        if (clustered) {
            return Uni.createFrom().failure(clusterModeRefusal());
        }
        return answer(() -> appendBatch(request));
    }

    /**
     * Not @Blocking: that would handle the stream's batches one after another on a worker. Each batch is appended
     * on a worker thread of its own instead (storage.append blocks until the WAL fsync), up to
     * {@code streamConcurrency} at once: concurrent appends let the engine share one fsync among several batches.
     * The merge also asks the stream for no more batches than it is appending, so a fast sender cannot pile them up
     * here. Answers go out as appends finish, in any order, each naming its request's sequence.
     */
    @Override
    public Multi<AppendStreamResponse> appendStream(Multi<AppendStreamRequest> requests) {
        if (clustered) {
            return Multi.createFrom().failure(clusterModeRefusal());
        }
        return requests.onItem().transformToUni(request -> Uni.createFrom().item(() -> appendStreamed(request))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())).merge(streamConcurrency);
    }

    private static RuntimeException clusterModeRefusal() {
        return Status.FAILED_PRECONDITION.withDescription("this store runs in cluster mode: samples arrive from "
                + "Kafka; send them to ingest").asRuntimeException();
    }

    /** One batch of a stream: a batch that cannot be stored is answered with an error and the stream goes on. */
    private AppendStreamResponse appendStreamed(AppendStreamRequest request) {
        AppendStreamResponse.Builder reply = AppendStreamResponse.newBuilder().setSequence(request.getSequence());
        try {
            return reply.setResult(appendBatch(request.getBatch())).build();
        } catch (IllegalArgumentException e) {
            refused.grpc();
            return reply.setError(Status.Code.INVALID_ARGUMENT + ": " + e.getMessage()).build();
        } catch (RuntimeException e) {
            // Storage trouble (closed, I/O): this batch is not acknowledged; the others of the stream may still be.
            LOG.warnf("append of streamed batch %d failed: %s", request.getSequence(), e.toString());
            return reply.setError(Status.Code.INTERNAL + ": " + e.getMessage()).build();
        }
    }

    /** Append and AppendStream: stores one batch, blocking until it is durable. */
    private AppendResponse appendBatch(AppendRequest request) {
        AppendOutcome outcome = storage.append(ProtoMapping.samples(request.getSamplesList(),
                System.currentTimeMillis()));
        appended.increment(outcome.appended());
        AppendResponse.Builder reply = AppendResponse.newBuilder().setAppended(outcome.appended());
        outcome.rejections().forEach(r -> reply.addRejections(ProtoMapping.rejection(r)));
        return reply.build();
    }

    @Override
    @Blocking
    public Uni<SliceResponse> slice(SliceRequest request) {
        return answer(() -> sliceOne(queries, request));
    }

    /** One slice, honouring since_ms; StoreBatchGrpcService answers each batch item with it. */
    static SliceResponse sliceOne(StoreQueries queries, SliceRequest request) {
        return sliceReply(Partiality.collect(() -> queries.slice(request.getMetric(), request.getMatchersMap(),
                request.getN(), request.getExactSeries())), request);
    }

    /** A slice's answer on the wire: since_ms applied after the shards are merged, partial when shards lack. */
    static SliceResponse sliceReply(Sharded<QueryResult> answer, SliceRequest request) {
        QueryResult result = answer.value();
        if (request.getSinceMs() > 0) {
            result = ProtoMapping.since(result, request.getSinceMs());
        }
        SliceResponse.Builder reply = SliceResponse.newBuilder().addAllSeries(ProtoMapping.series(result.series()))
                .setNoData(ProtoMapping.noData(result.noData()));
        if (answer.partial()) {
            reply.setPartial(ProtoMapping.partial(answer.missing()));
        }
        return reply.build();
    }

    @Override
    @Blocking
    public Uni<RangeResponse> range(RangeRequest request) {
        return answer(() -> {
            Sharded<QueryResult> answer = Partiality.collect(() -> queries.range(request.getMetric(),
                    request.getMatchersMap(), request.getFromMs(), request.getToMs(), request.getStepMs(),
                    ProtoMapping.aggregation(request.getAggregate()), request.getExactSeries()));
            QueryResult result = answer.value();
            RangeResponse.Builder reply = RangeResponse.newBuilder().addAllSeries(ProtoMapping.series(result.series()))
                    .setNoData(ProtoMapping.noData(result.noData()));
            if (answer.partial()) {
                reply.setPartial(ProtoMapping.partial(answer.missing()));
            }
            return reply.build();
        });
    }

    @Override
    @Blocking
    public Uni<ListMetricsResponse> listMetrics(ListMetricsRequest request) {
        return answer(() -> {
            ListMetricsResponse.Builder reply = ListMetricsResponse.newBuilder();
            Sharded<java.util.List<dta.observatory.store.storage.MetricSummary>> answer =
                    Partiality.collect(() -> queries.metrics(request.getPrefix()));
            answer.value().forEach(m -> reply.addMetrics(ProtoMapping.metricInfo(m)));
            if (answer.partial()) {
                reply.setPartial(ProtoMapping.partial(answer.missing()));
            }
            return reply.build();
        });
    }

    @Override
    @Blocking
    public Uni<LabelNamesResponse> labelNames(LabelNamesRequest request) {
        return answer(() -> {
            Sharded<java.util.List<String>> answer = Partiality.collect(() -> queries.labelNames(
                    ProtoMapping.labelQuery(request.getMetric(), request.getMatchersMap(), request.getFromMs(),
                            request.getToMs())));
            LabelNamesResponse.Builder reply = LabelNamesResponse.newBuilder().addAllNames(answer.value());
            if (answer.partial()) {
                reply.setPartial(ProtoMapping.partial(answer.missing()));
            }
            return reply.build();
        });
    }

    @Override
    @Blocking
    public Uni<LabelValuesResponse> labelValues(LabelValuesRequest request) {
        return answer(() -> {
            Sharded<java.util.List<String>> answer = Partiality.collect(() -> queries.labelValues(
                    request.getLabel(), ProtoMapping.labelQuery(request.getMetric(), request.getMatchersMap(),
                            request.getFromMs(), request.getToMs())));
            LabelValuesResponse.Builder reply = LabelValuesResponse.newBuilder().addAllValues(answer.value());
            if (answer.partial()) {
                reply.setPartial(ProtoMapping.partial(answer.missing()));
            }
            return reply.build();
        });
    }

    /** Runs the call; a validation failure becomes INVALID_ARGUMENT carrying its message. */
    private <T> Uni<T> answer(Supplier<T> call) {
        try {
            return Uni.createFrom().item(call.get());
        } catch (IllegalArgumentException e) {
            refused.grpc();
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        }
    }
}
