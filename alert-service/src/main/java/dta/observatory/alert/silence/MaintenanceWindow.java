package dta.observatory.alert.silence;

import dta.observatory.alert.routing.Matcher;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A silence that comes back: on the given days, from {@code start} (local time in {@code zone}) for
 * {@code duration}. A window may cross midnight (Sunday 23:00 for 3h mutes until Monday 02:00).
 */
public record MaintenanceWindow(String name, List<Matcher> matchers, Set<DayOfWeek> days, LocalTime start,
        Duration duration, ZoneId zone) {

    public MaintenanceWindow {
        if (days.isEmpty()) {
            throw new IllegalArgumentException("maintenance window " + name + " needs at least one day");
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("maintenance window " + name
                    + " duration must be between 1s and 7d, got " + duration);
        }
        matchers = List.copyOf(matchers);
        days = Set.copyOf(days);
    }

    /**
     * Parses {@code name;matchers;days;start;duration[;zone]}, e.g.
     * {@code db-patch;service=db,env=prod;SAT,SUN;02:00;2h;Europe/Paris}. Matchers are comma-separated; days are
     * MON..SUN or "*" for every day; the zone defaults to UTC.
     */
    public static MaintenanceWindow parse(String text) {
        String[] p = text.trim().split(";");
        if (p.length < 5 || p.length > 6) {
            throw new IllegalArgumentException("maintenance window must be name;matchers;days;HH:MM;duration[;zone], "
                    + "got '" + text + "'");
        }
        List<Matcher> matchers = new ArrayList<>();
        for (String m : p[1].split(",")) {
            if (!m.isBlank()) {
                matchers.add(Matcher.parse(m));
            }
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (p[2].trim().equals("*")) {
            days = EnumSet.allOf(DayOfWeek.class);
        } else {
            for (String d : p[2].split(",")) {
                days.add(day(d.trim().toUpperCase(Locale.ROOT), text));
            }
        }
        try {
            return new MaintenanceWindow(p[0].trim(), matchers, days, LocalTime.parse(p[3].trim()),
                    dta.observatory.alert.routing.RoutingConfig.parseDuration(p[4]),
                    p.length == 6 ? ZoneId.of(p[5].trim()) : ZoneId.of("UTC"));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("maintenance window '" + text + "': " + e.getMessage());
        }
    }

    private static DayOfWeek day(String d, String text) {
        for (DayOfWeek w : DayOfWeek.values()) {
            if (w.name().startsWith(d) && d.length() >= 3) {
                return w;
            }
        }
        throw new IllegalArgumentException("maintenance window '" + text + "': unknown day '" + d + "' (MON..SUN)");
    }

    public boolean activeAt(long nowMs) {
        ZonedDateTime now = Instant.ofEpochMilli(nowMs).atZone(zone);
        // a window that opened on one of the previous 7 days may still be open (duration up to 7 days)
        for (int back = 0; back <= 7; back++) {
            ZonedDateTime day = now.minusDays(back);
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            ZonedDateTime opens = day.toLocalDate().atTime(start).atZone(zone);
            if (!now.isBefore(opens) && now.isBefore(opens.plus(duration))) {
                return true;
            }
        }
        return false;
    }

    public boolean mutes(Map<String, String> labels, long nowMs) {
        return Matcher.all(matchers, labels) && activeAt(nowMs);
    }
}
