package dta.observatory.alert.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Times in query parameters and bodies: ms since epoch or ISO-8601 ("2026-11-25T03:00:00Z"). */
final class ApiTimes {

    private ApiTimes() {
    }

    static long parse(String name, String value, long absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(v);
        }
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be ms since epoch or ISO-8601 such as "
                    + "2026-11-25T03:00:00Z, got '" + value + "'");
        }
    }
}
