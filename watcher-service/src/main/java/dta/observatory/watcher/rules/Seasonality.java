package dta.observatory.watcher.rules;

import dta.observatory.support.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The AutoWatcher's {@code seasonality} as people write it: {@code none}, {@code daily}, {@code weekly}, a period
 * such as {@code 12h}, or a list of those (a comma-separated string or a YAML/JSON list); and where the seasonal
 * baseline looks: around the same instant one, two and three periods earlier.
 */
public final class Seasonality {

    public static final Duration DAILY = Duration.ofDays(1);
    public static final Duration WEEKLY = Duration.ofDays(7);
    /** How many past periods the baseline pools (t-1d, t-2d, t-3d): one odd day cannot move their median. */
    public static final int PERIODS_BACK = 3;

    private Seasonality() {
    }

    /** One past window: the points in [fromMs, toMs], {@code back} periods of {@code period} before now. */
    public record PastWindow(Duration period, int back, long fromMs, long toMs) {

        /** How far back it lies, the offset its cached history is keyed by. */
        public long offsetMs() {
            return period.toMillis() * back;
        }
    }

    /**
     * @param text null, a string, or a collection of strings
     * @throws IllegalArgumentException naming the bad entry
     */
    public static List<Duration> parse(Object text) {
        List<String> items = new ArrayList<>();
        if (text instanceof String s) {
            for (String part : s.split(",")) {
                items.add(part);
            }
        } else if (text instanceof Collection<?> c) {
            for (Object o : c) {
                if (!(o instanceof String s)) {
                    throw new IllegalArgumentException("seasonality entries must be none, daily, weekly or a period "
                            + "such as 12h, got " + o);
                }
                items.add(s);
            }
        } else if (text != null) {
            throw new IllegalArgumentException("seasonality must be none, daily, weekly, a period such as 12h, or a "
                    + "list of those, got " + text);
        }
        List<Duration> out = new ArrayList<>();
        for (String item : items) {
            String t = item.trim().toLowerCase(Locale.ROOT);
            switch (t) {
                case "", "none" -> { }
                case "daily", "day" -> out.add(DAILY);
                case "weekly", "week" -> out.add(WEEKLY);
                default -> {
                    if (!Character.isDigit(t.charAt(0))) {
                        throw new IllegalArgumentException("unknown seasonality '" + item.trim()
                                + "'; expected none, daily, weekly or a period such as 12h");
                    }
                    out.add(Duration.ofMillis(Durations.parseMillis("seasonality", t)));
                }
            }
        }
        return out.stream().distinct().sorted().toList();
    }

    /** The wire form: daily, weekly, or the period as a duration ({@code 12h}). */
    public static List<String> names(List<Duration> periods) {
        return periods.stream().map(p -> p.equals(DAILY) ? "daily" : p.equals(WEEKLY) ? "weekly" : text(p)).toList();
    }

    /** Short text of a period, as in the baseline kind {@code seasonal(1d,7d)}. */
    public static String text(Duration p) {
        long ms = p.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    /**
     * Where the seasonal baseline of a value observed at {@code atMs} looks: a window of {@code 2 * halfMs} centred
     * on {@code atMs - k * period}, for each period and k = 1..{@link #PERIODS_BACK}. Windows of a shorter period
     * that coincide with a longer one's (t-7d is also t-7 x 1d) are listed once.
     */
    public static List<PastWindow> pastWindows(List<Duration> periods, long atMs, long halfMs) {
        List<PastWindow> out = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        for (Duration p : periods) {
            for (int k = 1; k <= PERIODS_BACK; k++) {
                long offset = p.toMillis() * k;
                if (!offsets.contains(offset)) {
                    offsets.add(offset);
                    out.add(new PastWindow(p, k, atMs - offset - halfMs, atMs - offset + halfMs));
                }
            }
        }
        return out;
    }
}
