package dta.observatory.ingest.forward;

import dta.observatory.api.v1.AppendRequest;
import dta.observatory.api.v1.AppendResponse;
import dta.observatory.api.v1.MutinyStoreServiceGrpc;
import dta.observatory.support.GrpcPeerProbe;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Sends batches to the store's Append over gRPC, waiting at most the configured time. */
@ApplicationScoped
public class GrpcStoreWriter implements StoreWriter {

    private final MutinyStoreServiceGrpc.MutinyStoreServiceStub store;
    private final Channel channel;
    private final Duration timeout;

    GrpcStoreWriter(@GrpcClient("store") MutinyStoreServiceGrpc.MutinyStoreServiceStub store,
            @GrpcClient("store") Channel channel,
            @ConfigProperty(name = "dta.ingest.store-timeout") Duration timeout) {
        this.store = store;
        this.channel = channel;
        this.timeout = timeout;
    }

    @Override
    public Uni<AppendResponse> append(AppendRequest request) {
        return store.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).append(request)
                .onFailure().transform(e -> {
                    GrpcPeerProbe.retryConnectionSoon(channel);
                    return new StoreUnavailableException("store did not take the batch: " + e.getMessage(), e);
                });
    }

}
