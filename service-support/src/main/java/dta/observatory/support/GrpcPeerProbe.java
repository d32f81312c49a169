package dta.observatory.support;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * Asks a downstream service's standard gRPC health service ({@code grpc.health.v1.Health/Check}) whether it
 * serves, for the readiness check of a service that cannot work without it.
 */
public final class GrpcPeerProbe {

    /**
     * How long a readiness probe waits for its peer: long enough for a peer busy with a GC pause or a loaded node,
     * short enough to answer inside Kubernetes' 2 s readiness timeout.
     */
    public static final long DEFAULT_TIMEOUT_MS = 1_500;

    private final String name;
    private final Channel channel;
    private final long timeoutMs;

    /**
     * @param name the peer's name as shown in {@code /q/health/ready}, e.g. "store"
     * @param channel the gRPC channel to the peer
     * @param timeoutMs how long the probe waits for an answer
     */
    public GrpcPeerProbe(String name, Channel channel, long timeoutMs) {
        this.name = name;
        this.channel = channel;
        this.timeoutMs = timeoutMs;
    }

    /** UP when the peer answers SERVING within the timeout; DOWN with the reason otherwise. */
    public HealthCheckResponse probe() {
        try {
            ServingStatus status = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(timeoutMs, TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus();
            return HealthCheckResponse.named(name).status(status == ServingStatus.SERVING)
                    .withData("status", status.name()).build();
        } catch (RuntimeException e) {
            retryConnectionSoon(channel);
            return HealthCheckResponse.named(name).down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }

    /**
     * gRPC backs off reconnecting for up to two minutes after failures, while a restarted peer is usually back
     * within seconds: after a failure, let the next call try to connect at once.
     */
    public static void retryConnectionSoon(Channel channel) {
        if (channel instanceof ManagedChannel managed) {
            managed.resetConnectBackoff();
        }
    }
}
