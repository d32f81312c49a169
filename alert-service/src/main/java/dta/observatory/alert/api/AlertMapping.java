package dta.observatory.alert.api;

import dta.observatory.alert.alerts.AlertEvent;
import dta.observatory.alert.alerts.AlertRecord;
import dta.observatory.api.v1.Alert;
import dta.observatory.api.v1.AlertStatus;

/** Translates alerts between the dta.v1 messages and the alert records. */
final class AlertMapping {

    private AlertMapping() {
    }

    static AlertEvent fromProto(Alert a) {
        return new AlertEvent(a.getRuleId(), a.getMetric(), a.getLabelsMap(), a.getValue(), a.getThreshold(),
                a.getComparator(), status(a.getStatus()), a.getObservedAtMs(), a.getSeverity(), a.getSummary(),
                a.getChannelsList(), a.getDescription());
    }

    static dta.observatory.api.v1.AlertRecord toProto(AlertRecord r) {
        AlertEvent e = r.event();
        Alert alert = Alert.newBuilder().setRuleId(e.ruleId()).setMetric(e.metric()).putAllLabels(e.labels())
                .setValue(e.value()).setThreshold(e.threshold()).setComparator(e.comparator())
                .setStatus(e.status() == AlertEvent.Status.FIRING ? AlertStatus.ALERT_STATUS_FIRING
                        : AlertStatus.ALERT_STATUS_RESOLVED)
                .setObservedAtMs(e.observedAtMs()).setSeverity(e.severity()).setSummary(e.summary())
                .addAllChannels(e.channels()).setDescription(e.description()).build();
        dta.observatory.api.v1.AlertRecord.Builder b = dta.observatory.api.v1.AlertRecord.newBuilder()
                .setId(r.id()).setAlert(alert).setReceivedAtMs(r.receivedAtMs()).setAcknowledged(r.acknowledged())
                .setAcknowledgedAtMs(r.acknowledgedAtMs());
        if (r.acknowledgedBy() != null) {
            b.setAcknowledgedBy(r.acknowledgedBy());
        }
        return b.build();
    }

    /** Null for UNSPECIFIED: as a filter it means "any", as an alert's status it is refused. */
    static AlertEvent.Status status(AlertStatus s) {
        return switch (s) {
            case ALERT_STATUS_FIRING -> AlertEvent.Status.FIRING;
            case ALERT_STATUS_RESOLVED -> AlertEvent.Status.RESOLVED;
            case ALERT_STATUS_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }
}
