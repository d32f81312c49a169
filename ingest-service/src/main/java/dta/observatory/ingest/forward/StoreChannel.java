package dta.observatory.ingest.forward;

import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * The "store" gRPC channel, made at its first use rather than at startup. A client proxy on purpose: the ingest
 * pipeline is built while the gRPC server starts, and in test mode Quarkus points a channel made before the server
 * listens at the default test port instead of the application's own.
 */
@ApplicationScoped
public class StoreChannel implements Supplier<Channel> {

    @GrpcClient("store")
    Channel channel;

    @Override
    public Channel get() {
        return channel;
    }
}
