package dta.observatory.alert.dispatch;

import dta.observatory.alert.alerts.AlertEvent;
import java.util.logging.Logger;

/** Writes every alert as one line to the service log: the channel that always works. */
public final class LogChannel implements Channel {

    public static final String NAME = "log";
    private static final Logger LOG = Logger.getLogger("dta.alerts");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void deliver(Notification notification) {
        AlertEvent e = notification.alert().event();
        LOG.warning(() -> String.format("ALERT %s [%s] rule=%s metric=%s%s value=%s %s %s — %s (id %s)",
                e.status(), e.severity(), e.ruleId(), e.metric(), e.labels().isEmpty() ? "" : e.labels(),
                e.value(), e.comparator(), e.threshold(), e.summary(), notification.alert().id()));
    }
}
