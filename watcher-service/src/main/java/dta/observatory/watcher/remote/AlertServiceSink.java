package dta.observatory.watcher.remote;

import dta.observatory.api.v1.Alert;
import dta.observatory.api.v1.AlertServiceGrpc;
import dta.observatory.api.v1.AlertStatus;
import dta.observatory.api.v1.NotifyRequest;
import dta.observatory.support.GrpcPeerProbe;
import dta.observatory.watcher.evaluation.AlertSink;
import dta.observatory.watcher.rules.RuleStatus;
import dta.observatory.watcher.rules.Templates;
import dta.observatory.watcher.rules.WatchRule;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Hands firings and resolutions to the alert service's Notify over gRPC; the alert service decides whom to tell. */
@ApplicationScoped
public class AlertServiceSink implements AlertSink {

    private final Channel channel;
    private final AlertServiceGrpc.AlertServiceBlockingStub alerts;

    AlertServiceSink(@GrpcClient("alert") Channel channel) {
        this.channel = channel;
        this.alerts = AlertServiceGrpc.newBlockingStub(channel);
    }

    @Override
    public void notify(WatchRule rule, Map<String, String> labels, RuleStatus status, boolean resolved) {
        Alert alert = toAlert(rule, labels, status, resolved);
        try {
            alerts.withDeadlineAfter(2, TimeUnit.SECONDS).notify(NotifyRequest.newBuilder().setAlert(alert).build());
        } catch (StatusRuntimeException e) {
            GrpcPeerProbe.retryConnectionSoon(channel);
            throw e;
        }
    }

    static Alert toAlert(WatchRule rule, Map<String, String> labels, RuleStatus status, boolean resolved) {
        boolean auto = rule.type() == WatchRule.Type.AUTO;
        double value = Double.isNaN(status.value()) ? 0 : status.value();
        // An AutoWatcher has no fixed threshold: the baseline stands in its place.
        double threshold = auto ? (Double.isNaN(status.baseline()) ? 0 : status.baseline()) : rule.threshold();
        String comparator = auto ? "~" : rule.comparator().symbol();
        return Alert.newBuilder().setRuleId(rule.id()).setMetric(rule.metric()).putAllLabels(labels)
                .setValue(value).setThreshold(threshold).setComparator(comparator)
                .setStatus(resolved ? AlertStatus.ALERT_STATUS_RESOLVED : AlertStatus.ALERT_STATUS_FIRING)
                .setObservedAtMs(status.lastEvaluatedMs()).setSeverity(rule.severity())
                .setSummary(Templates.render(rule.summary(), rule, labels, status))
                .setDescription(Templates.render(rule.description(), rule, labels, status))
                .addAllChannels(rule.channels()).build();
    }
}
