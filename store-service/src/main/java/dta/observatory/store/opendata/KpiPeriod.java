package dta.observatory.store.opendata;

import java.util.Locale;

/** The time bucket of a KPI. Buckets are aligned on UTC midnight / the UTC hour, so everyone gets the same rows. */
public enum KpiPeriod {
    HOUR(3_600_000L), DAY(86_400_000L);

    private final long ms;

    KpiPeriod(long ms) {
        this.ms = ms;
    }

    public long ms() {
        return ms;
    }

    /** Start of the bucket holding {@code t}. */
    public long floor(long t) {
        return Math.floorDiv(t, ms) * ms;
    }

    public static KpiPeriod parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown KPI period '" + name + "'; expected hour or day");
        }
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
