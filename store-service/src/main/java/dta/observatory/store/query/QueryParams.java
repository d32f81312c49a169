package dta.observatory.store.query;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses the textual query parameters of the REST API, with messages that name the parameter. */
public final class QueryParams {

    private QueryParams() {
    }

    /** Milliseconds since epoch, or an RFC 3339 instant such as {@code 2026-11-25T10:00:00Z}; blank → default. */
    public static long instantMs(String name, String text, long defaultMs) {
        if (text == null || text.isBlank()) {
            return defaultMs;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException notANumber) {
            try {
                return Instant.parse(text.trim()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + name + "' must be ms since epoch or an RFC 3339 instant, got '"
                        + text + "'");
            }
        }
    }

    /** A duration: plain milliseconds, or a number with unit ms, s, m, h, d (e.g. {@code 60s}); blank → 0. */
    public static long durationMs(String name, String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        String t = text.trim();
        String[][] units = {{"ms", "1"}, {"s", "1000"}, {"m", "60000"}, {"h", "3600000"}, {"d", "86400000"}};
        try {
            for (String[] unit : units) {
                if (t.endsWith(unit[0]) && !(unit[0].equals("s") && t.endsWith("ms"))) {
                    return Long.parseLong(t.substring(0, t.length() - unit[0].length())) * Long.parseLong(unit[1]);
                }
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' must be a duration such as 500ms, 60s, 5m, 1h or 1d, got '"
                    + text + "'");
        }
    }

    /** Label matchers given as repeated {@code name=value} parameters. */
    public static Map<String, String> matchers(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        if (pairs == null) {
            return out;
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'label' must look like name=value, got '" + pair + "'");
            }
            out.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return out;
    }
}
