package dta.observatory.store.api;

import dta.observatory.api.v1.SliceBatchRequest;
import dta.observatory.api.v1.SliceBatchResponse;
import dta.observatory.api.v1.StoreBatchService;
import dta.observatory.api.v1.SliceRequest;
import dta.observatory.store.cluster.query.ShardReader.SliceItem;
import dta.observatory.store.cluster.query.Sharded;
import dta.observatory.store.query.StoreQueries;
import dta.observatory.store.storage.QueryResult;
import java.util.ArrayList;
import java.util.List;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * dta.v1.StoreBatchService: many slices per call, so the watcher reads 10,000 rule windows with a few calls per
 * cycle. Each item is answered exactly as Slice answers it; a clustered store reads all items with one call per
 * shard (see {@link StoreQueries#sliceBatch}) and says per item which shards it lacks.
 */
@GrpcService
public class StoreBatchGrpcService implements StoreBatchService {

    /** The largest SliceBatch: bounds the work (and the answer) of one call. */
    static final int MAX_BATCH_ITEMS = 1_000;

    private final StoreQueries queries;

    StoreBatchGrpcService(StoreQueries queries) {
        this.queries = queries;
    }

    @Override
    @Blocking
    public Uni<SliceBatchResponse> sliceBatch(SliceBatchRequest request) {
        if (request.getItemsCount() > MAX_BATCH_ITEMS) {
            return invalid("at most " + MAX_BATCH_ITEMS + " items per SliceBatch, got " + request.getItemsCount());
        }
        List<SliceItem> items = new ArrayList<>(request.getItemsCount());
        List<Boolean> exact = new ArrayList<>(request.getItemsCount());
        for (int i = 0; i < request.getItemsCount(); i++) {
            SliceRequest item = request.getItems(i);
            try {
                queries.checkSlice(item.getMetric(), item.getN());
            } catch (IllegalArgumentException e) {
                return invalid("item " + i + ": " + e.getMessage());
            }
            items.add(new SliceItem(item.getMetric(), item.getMatchersMap(), item.getN()));
            exact.add(item.getExactSeries());
        }
        List<Sharded<QueryResult>> answers;
        try {
            answers = queries.sliceBatch(items, exact);
        } catch (IllegalArgumentException e) {
            return invalid(e.getMessage());
        }
        SliceBatchResponse.Builder reply = SliceBatchResponse.newBuilder();
        for (int i = 0; i < answers.size(); i++) {
            reply.addResults(StoreGrpcService.sliceReply(answers.get(i), request.getItems(i)));
        }
        return Uni.createFrom().item(reply.build());
    }

    private static <T> Uni<T> invalid(String message) {
        return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException());
    }
}
