package dta.observatory.ingest.edge;

import dta.observatory.api.v1.Alert;
import dta.observatory.api.v1.AlertStatus;
import dta.observatory.api.v1.MutinyAlertServiceGrpc;
import dta.observatory.api.v1.NotifyRequest;
import dta.observatory.ingest.floodguard.DropReporter;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Raises the {@code dta.dropped} alert through dta.v1.AlertService/Notify (client "alert"). Application-scoped so
 * its gRPC client is made on first use, after the server port is known (in tests the client points at the app).
 */
@ApplicationScoped
public class DroppedAlertNotifier {

    private static final Logger LOG = Logger.getLogger(DroppedAlertNotifier.class);

    private final MutinyAlertServiceGrpc.MutinyAlertServiceStub alerts;
    private final String severity;

    DroppedAlertNotifier(@GrpcClient("alert") MutinyAlertServiceGrpc.MutinyAlertServiceStub alerts,
            @ConfigProperty(name = "dta.ingest.flood.alert-severity") String severity) {
        this.alerts = alerts;
        this.severity = severity;
    }

    public void alert(long count, long atMs) {
        alerts.withDeadlineAfter(5, TimeUnit.SECONDS).notify(NotifyRequest.newBuilder()
                        .setAlert(Alert.newBuilder().setRuleId(DropReporter.METRIC).setMetric(DropReporter.METRIC)
                                .setValue(count).setStatus(AlertStatus.ALERT_STATUS_FIRING).setObservedAtMs(atMs)
                                .setSeverity(severity).setSummary("ingest flood guard dropped " + count
                                        + " sample(s) in one second; the rate limit is exceeded"))
                        .build())
                .subscribe().with(ok -> { }, e -> LOG.warnf("could not raise the %s alert: %s", DropReporter.METRIC,
                        e.getMessage()));
    }
}
