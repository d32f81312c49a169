package dta.observatory.alert.alerts;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The label set routes, silences and inhibition rules match on: the alert's own labels plus {@code alertname} and
 * {@code rule} (the rule id), {@code metric} and {@code severity}, unless the alert already carries them. The
 * fingerprint identifies "the same alert" across repeats: rule id plus its own labels, so a firing alert sent
 * again is deduplicated and its resolution finds it.
 */
public final class AlertLabels {

    private AlertLabels() {
    }

    public static Map<String, String> of(AlertEvent e) {
        Map<String, String> out = new TreeMap<>(e.labels());
        out.putIfAbsent("alertname", e.ruleId());
        out.putIfAbsent("rule", e.ruleId());
        if (e.metric() != null && !e.metric().isEmpty()) {
            out.putIfAbsent("metric", e.metric());
        }
        if (e.severity() != null && !e.severity().isEmpty()) {
            out.putIfAbsent("severity", e.severity());
        }
        return out;
    }

    /** 16 hex digits (FNV-1a 64 over rule id and sorted labels): stable across restarts and JVMs. */
    public static String fingerprint(AlertEvent e) {
        StringBuilder s = new StringBuilder(e.ruleId()).append('\u0000');
        new TreeMap<>(e.labels()).forEach((k, v) -> s.append(k).append('\u0001').append(v).append('\u0000'));
        return hash(s.toString());
    }

    public static String hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return String.format("%016x", h);
    }
}
