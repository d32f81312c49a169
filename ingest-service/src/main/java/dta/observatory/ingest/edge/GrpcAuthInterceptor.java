package dta.observatory.ingest.edge;

import dta.observatory.ingest.auth.BearerTokens;
import dta.observatory.ingest.emit.IngestMetrics;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Requires {@code authorization: Bearer <token>} metadata on every gRPC write path (dta.v1.IngestService and the
 * OTLP MetricsService); other services (gRPC health) stay open. The caller's source is put in {@link #SOURCE} for the
 * per-source flood guard.
 */
@GlobalInterceptor
@ApplicationScoped
public class GrpcAuthInterceptor implements ServerInterceptor {

    /** The authenticated source of the current call ("" when auth is off). */
    public static final Context.Key<String> SOURCE = Context.key("dta-ingest-source");
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final BearerTokens tokens;
    private final IngestMetrics metrics;

    GrpcAuthInterceptor(BearerTokens tokens, IngestMetrics metrics) {
        this.tokens = tokens;
        this.metrics = metrics;
    }

    static boolean isWritePath(String fullMethodName) {
        return fullMethodName.startsWith("dta.v1.IngestService/")
                || fullMethodName.startsWith("opentelemetry.proto.collector.metrics.v1.MetricsService/");
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        if (!isWritePath(call.getMethodDescriptor().getFullMethodName())) {
            return next.startCall(call, headers);
        }
        String source = tokens.sourceFor(headers.get(AUTHORIZATION));
        if (source == null) {
            metrics.unauthenticated();
            call.close(Status.UNAUTHENTICATED.withDescription(
                    "a valid 'authorization: Bearer <token>' is required to write to ingest"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(SOURCE, source), call, headers, next);
    }

    /** The current call's source, "" when none was set. */
    public static String currentSource() {
        String s = SOURCE.get();
        return s == null ? "" : s;
    }
}
