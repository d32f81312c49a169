package dta.observatory.store.query;

import dta.observatory.support.Durations;
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

    /** A step such as {@code 60s} or plain milliseconds; blank means 0 (raw points). */
    public static long durationMs(String name, String text) {
        return Durations.parseMillis(name, text);
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
