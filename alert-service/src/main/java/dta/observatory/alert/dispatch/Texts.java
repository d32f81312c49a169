package dta.observatory.alert.dispatch;

import dta.observatory.alert.alerts.AlertEvent;
import dta.observatory.alert.alerts.AlertRecord;
import java.util.Locale;

/** The human wording shared by slack, sms and hitl, so one alert reads the same everywhere. */
public final class Texts {

    private Texts() {
    }

    /** e.g. "[FIRING:3] pay-ok (critical) Payment success <95%". */
    public static String title(Notification n) {
        AlertEvent e = n.alert().event();
        String count = n.size() > 1 ? ":" + n.size() : "";
        return "[" + n.status().toUpperCase(Locale.ROOT) + count + "] " + e.ruleId()
                + (e.severity() == null || e.severity().isEmpty() ? "" : " (" + e.severity() + ")")
                + (e.summary() == null || e.summary().isEmpty() ? "" : " " + e.summary());
    }

    /** The first alert's description (the rule's longer text), empty when it has none. */
    public static String description(Notification n) {
        String d = n.alert().event().description();
        return d == null ? "" : d;
    }

    /** One line per alert. */
    public static String line(AlertRecord r) {
        AlertEvent e = r.event();
        return e.status().name().toLowerCase(Locale.ROOT) + " " + e.ruleId() + " " + e.metric()
                + (e.labels().isEmpty() ? "" : e.labels().toString()) + " value=" + e.value() + " "
                + e.comparator() + " " + e.threshold();
    }

    public static String details(Notification n) {
        StringBuilder s = new StringBuilder();
        n.firing().forEach(r -> s.append(line(r)).append('\n'));
        n.resolved().forEach(r -> s.append(line(r)).append('\n'));
        return s.toString().trim();
    }

    /** Cuts to {@code max} characters, marking the cut with "…". */
    public static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 1)) + "…";
    }
}
