package dta.observatory.alert.alerts;

/** An alert as recorded here: its id, when it arrived, and whether someone acknowledged it. */
public record AlertRecord(String id, AlertEvent event, long receivedAtMs, String acknowledgedBy, long acknowledgedAtMs) {

    public boolean acknowledged() {
        return acknowledgedAtMs != 0;
    }

    AlertRecord acknowledge(String by, long atMs) {
        return new AlertRecord(id, event, receivedAtMs, by == null || by.isBlank() ? "unknown" : by, atMs);
    }
}
