package dta.observatory.store.quota;

import dta.observatory.api.v1.Alert;
import dta.observatory.api.v1.AlertStatus;
import dta.observatory.api.v1.MutinyAlertServiceGrpc;
import dta.observatory.api.v1.NotifyRequest;
import dta.observatory.store.engine.StorageOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends the disk-quota warning through dta.v1.AlertService/Notify (gRPC client "alert"), as the watcher and ingest
 * raise theirs. Application-scoped so its gRPC client is made on first use, after the server port is known (in
 * tests the client points at the app). {@code dta.store.disk-alert.enabled=false}: metric and log only.
 */
@ApplicationScoped
public class AlertServiceDiskAlerts {

    private static final Logger LOG = Logger.getLogger(AlertServiceDiskAlerts.class);

    private final MutinyAlertServiceGrpc.MutinyAlertServiceStub alerts;
    private final boolean enabled;
    private final String severity;
    private final DiskQuotaAlerts policy;
    private final Counter sent;
    private final Counter failed;

    AlertServiceDiskAlerts(@GrpcClient("alert") MutinyAlertServiceGrpc.MutinyAlertServiceStub alerts,
            @ConfigProperty(name = "dta.store.disk-alert.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "dta.store.disk-alert.min-interval", defaultValue = "300s") Duration minInterval,
            @ConfigProperty(name = "dta.store.disk-alert.severity", defaultValue = "warning") String severity,
            MeterRegistry registry) {
        this.alerts = alerts;
        this.enabled = enabled;
        this.severity = severity;
        // the engine warns above StorageOptions' diskWarnRatio; StorageLifecycle keeps its default
        this.policy = new DiskQuotaAlerts(minInterval, StorageOptions.defaults().diskWarnRatio(), Clock.systemUTC(),
                this::send);
        this.sent = registry.counter("dta_store_disk_alerts_sent_total");
        this.failed = registry.counter("dta_store_disk_alerts_failed_total");
    }

    /** Usage is above the warning ratio; called on every maintenance run while it is. */
    public void high(long usedBytes, long maxBytes) {
        if (enabled) {
            policy.high(usedBytes, maxBytes);
        }
    }

    /** Usage is back under the warning ratio. */
    public void normal(long usedBytes, long maxBytes) {
        if (enabled) {
            policy.normal(usedBytes, maxBytes);
        }
    }

    private void send(DiskAlert alert) {
        alerts.withDeadlineAfter(5, TimeUnit.SECONDS).notify(NotifyRequest.newBuilder().setAlert(toAlert(alert, severity))
                        .build())
                .subscribe().with(ok -> sent.increment(), e -> {
                    failed.increment();
                    policy.deliveryFailed(alert);
                    LOG.warnf("could not send the %s %s alert to the alert service%s: %s", alert.firing() ? "firing"
                            : "resolved", DiskQuotaAlerts.RULE_ID, alert.firing() ? " (sent again on the next "
                            + "maintenance run while usage stays high)" : "", e.getMessage());
                });
    }

    static Alert toAlert(DiskAlert alert, String severity) {
        return Alert.newBuilder().setRuleId(DiskQuotaAlerts.RULE_ID).setMetric("dta_store_disk_bytes")
                .putLabels("service", "store-service").setValue(alert.usedFraction()).setThreshold(alert.threshold())
                .setComparator(">").setStatus(alert.firing() ? AlertStatus.ALERT_STATUS_FIRING
                        : AlertStatus.ALERT_STATUS_RESOLVED)
                .setObservedAtMs(alert.observedAtMs()).setSeverity(severity).setSummary(alert.summary()).build();
    }
}
