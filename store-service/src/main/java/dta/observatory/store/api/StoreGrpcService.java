package dta.observatory.store.api;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.AppendResponse;
import dta.observatory.api.v1.ListMetricsRequest;
import dta.observatory.api.v1.ListMetricsResponse;
import dta.observatory.api.v1.RangeRequest;
import dta.observatory.api.v1.RangeResponse;
import dta.observatory.api.v1.SliceBatchRequest;
import dta.observatory.api.v1.SliceBatchResponse;
import dta.observatory.api.v1.SliceRequest;
import dta.observatory.api.v1.SliceResponse;
import dta.observatory.api.v1.StoreService;
import dta.observatory.store.query.StoreQueries;
import dta.observatory.store.storage.AppendOutcome;
import dta.observatory.store.storage.QueryResult;
import dta.observatory.store.storage.Storage;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/** dta.v1.StoreService over gRPC: translation only; the work is in {@link Storage} and {@link StoreQueries}. */
@GrpcService
public class StoreGrpcService implements StoreService {

    private final Storage storage;
    private final StoreQueries queries;
    private final Counter appended;

    StoreGrpcService(Storage storage, StoreQueries queries, MeterRegistry registry) {
        this.storage = storage;
        this.queries = queries;
        this.appended = Counter.builder("dta.store.samples.appended")
                .description("Samples stored through Append").register(registry);
    }

    @Override
    @Blocking
    public Uni<AppendResponse> append(AppendRequest request) {
        return answer(() -> {
            AppendOutcome outcome = storage.append(ProtoMapping.samples(request.getSamplesList(),
                    System.currentTimeMillis()));
            appended.increment(outcome.appended());
            AppendResponse.Builder reply = AppendResponse.newBuilder().setAppended(outcome.appended());
            outcome.rejections().forEach(r -> reply.addRejections(ProtoMapping.rejection(r)));
            return reply.build();
        });
    }

    @Override
    @Blocking
    public Uni<SliceResponse> slice(SliceRequest request) {
        return answer(() -> sliceOne(request));
    }

    /** The largest SliceBatch: bounds the work (and the answer) of one call. */
    static final int MAX_BATCH_ITEMS = 1_000;

    @Override
    @Blocking
    public Uni<SliceBatchResponse> sliceBatch(SliceBatchRequest request) {
        return answer(() -> {
            if (request.getItemsCount() > MAX_BATCH_ITEMS) {
                throw new IllegalArgumentException("at most " + MAX_BATCH_ITEMS + " items per SliceBatch, got "
                        + request.getItemsCount());
            }
            SliceBatchResponse.Builder reply = SliceBatchResponse.newBuilder();
            for (int i = 0; i < request.getItemsCount(); i++) {
                try {
                    reply.addResults(sliceOne(request.getItems(i)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("item " + i + ": " + e.getMessage(), e);
                }
            }
            return reply.build();
        });
    }

    private SliceResponse sliceOne(SliceRequest request) {
        QueryResult result = queries.slice(request.getMetric(), request.getMatchersMap(), request.getN());
        if (request.getSinceMs() > 0) {
            result = ProtoMapping.since(result, request.getSinceMs());
        }
        return SliceResponse.newBuilder().addAllSeries(ProtoMapping.series(result.series()))
                .setNoData(ProtoMapping.noData(result.noData())).build();
    }

    @Override
    @Blocking
    public Uni<RangeResponse> range(RangeRequest request) {
        return answer(() -> {
            QueryResult result = queries.range(request.getMetric(), request.getMatchersMap(), request.getFromMs(),
                    request.getToMs(), request.getStepMs(), ProtoMapping.aggregation(request.getAggregate()));
            return RangeResponse.newBuilder().addAllSeries(ProtoMapping.series(result.series()))
                    .setNoData(ProtoMapping.noData(result.noData())).build();
        });
    }

    @Override
    @Blocking
    public Uni<ListMetricsResponse> listMetrics(ListMetricsRequest request) {
        return answer(() -> {
            ListMetricsResponse.Builder reply = ListMetricsResponse.newBuilder();
            queries.metrics(request.getPrefix()).forEach(m -> reply.addMetrics(ProtoMapping.metricInfo(m)));
            return reply.build();
        });
    }

    /** Runs the call; a validation failure becomes INVALID_ARGUMENT carrying its message. */
    private static <T> Uni<T> answer(Supplier<T> call) {
        try {
            return Uni.createFrom().item(call.get());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        }
    }
}
