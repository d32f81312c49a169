package dta.observatory.watcher.remote;

import dta.observatory.api.v1.Alert;
import dta.observatory.api.v1.AlertServiceGrpc;
import dta.observatory.api.v1.AlertStatus;
import dta.observatory.api.v1.NotifyRequest;
import dta.observatory.support.GrpcPeerProbe;
import dta.observatory.watcher.evaluation.AlertSink;
import dta.observatory.watcher.rules.RuleStatus;
import dta.observatory.watcher.rules.ThresholdRule;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;

/** Hands firing rules to the alert service's Notify over gRPC. */
@ApplicationScoped
public class AlertServiceSink implements AlertSink {

    private final Channel channel;
    private final AlertServiceGrpc.AlertServiceBlockingStub alerts;

    AlertServiceSink(@GrpcClient("alert") Channel channel) {
        this.channel = channel;
        this.alerts = AlertServiceGrpc.newBlockingStub(channel);
    }

    @Override
    public void firing(ThresholdRule rule, RuleStatus status) {
        Alert alert = Alert.newBuilder().setRuleId(rule.id()).setMetric(rule.metric()).putAllLabels(rule.matchers())
                .setValue(status.value()).setThreshold(rule.threshold()).setComparator(rule.comparator().symbol())
                .setStatus(AlertStatus.ALERT_STATUS_FIRING).setObservedAtMs(status.lastEvaluatedMs())
                .setSeverity(rule.severity()).setSummary(rule.summary()).addAllChannels(rule.channels()).build();
        try {
            alerts.withDeadlineAfter(2, TimeUnit.SECONDS).notify(NotifyRequest.newBuilder().setAlert(alert).build());
        } catch (StatusRuntimeException e) {
            GrpcPeerProbe.retryConnectionSoon(channel);
            throw e;
        }
    }
}
