package dta.observatory.alert.dispatch;

import dta.observatory.alert.alerts.AlertEvent;
import java.util.logging.Logger;

/** Writes every notification as lines in the service log: the channel that always works. */
public final class LogChannel implements Channel {

    public static final String NAME = "log";
    private static final Logger LOG = Logger.getLogger("dta.alerts");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void deliver(Notification notification) {
        for (var r : notification.firing().isEmpty() ? notification.resolved() : notification.firing()) {
            AlertEvent e = r.event();
            LOG.warning(() -> String.format("ALERT %s [%s] rule=%s metric=%s%s value=%s %s %s — %s (id %s)",
                    e.status(), e.severity(), e.ruleId(), e.metric(), e.labels().isEmpty() ? "" : e.labels(),
                    e.value(), e.comparator(), e.threshold(), e.summary(), r.id()));
        }
        notification.resolved().stream().filter(r -> !notification.firing().isEmpty()).forEach(r ->
                LOG.info(() -> "RESOLVED rule=" + r.event().ruleId() + " (id " + r.id() + ")"));
    }
}
