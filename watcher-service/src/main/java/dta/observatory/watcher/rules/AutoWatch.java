package dta.observatory.watcher.rules;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The AutoWatcher's settings (the seed's section 8): the newest value is an anomaly when it lies more than
 * {@code sensitivity} standard deviations from the baseline of the values before it.
 *
 * @param sensitivity how many estimated standard deviations count as an anomaly (the seed's 2.5)
 * @param method how the baseline and the deviation are estimated
 * @param direction which side of the baseline counts
 * @param minPoints no judgement before the history holds this many points
 * @param seasonality the periods of the seasonal baseline (one day, one week...), shortest first; empty: rolling
 *     baseline only. See {@link #score(double[], SeasonalSample)}.
 */
public record AutoWatch(double sensitivity, Method method, Direction direction, int minPoints,
        List<Duration> seasonality) {

    public static final double DEFAULT_SENSITIVITY = 2.5;
    public static final int DEFAULT_MIN_POINTS = 30;
    public static final AutoWatch DEFAULTS = new AutoWatch(0, null, null, 0);
    /** The shortest seasonal period: a shorter one would reach into the recent window itself. */
    public static final Duration MIN_SEASON = Duration.ofMinutes(1);

    /** Baseline estimators. */
    public enum Method {
        /** Median and MAD: robust, the default. */
        MAD,
        /** The seed's rolling mean and standard deviation. */
        ZSCORE;

        public static Method parse(String text) {
            if (text == null || text.isBlank()) {
                return MAD;
            }
            for (Method m : values()) {
                if (m.name().equalsIgnoreCase(text.trim())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown auto method '" + text + "'; expected mad or zscore");
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Which deviations count. */
    public enum Direction {
        UP, DOWN, BOTH;

        public static Direction parse(String text) {
            if (text == null || text.isBlank()) {
                return BOTH;
            }
            for (Direction d : values()) {
                if (d.name().equalsIgnoreCase(text.trim())) {
                    return d;
                }
            }
            throw new IllegalArgumentException("unknown direction '" + text + "'; expected up, down or both");
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public AutoWatch {
        if (sensitivity == 0) {
            sensitivity = DEFAULT_SENSITIVITY;
        }
        if (!(sensitivity > 0) || Double.isInfinite(sensitivity)) {
            throw new IllegalArgumentException("sensitivity must be a positive number of standard deviations, got "
                    + sensitivity);
        }
        method = method == null ? Method.MAD : method;
        direction = direction == null ? Direction.BOTH : direction;
        if (minPoints == 0) {
            minPoints = DEFAULT_MIN_POINTS;
        }
        if (minPoints < 2) {
            throw new IllegalArgumentException("minPoints must be at least 2, got " + minPoints);
        }
        seasonality = seasonality == null ? List.of() : seasonality.stream().distinct().sorted().toList();
        for (Duration p : seasonality) {
            if (p.compareTo(MIN_SEASON) < 0) {
                throw new IllegalArgumentException("seasonality period must be at least 1m, got " + p);
            }
        }
    }

    public AutoWatch(double sensitivity, Method method, Direction direction, int minPoints) {
        this(sensitivity, method, direction, minPoints, List.of());
    }

    public boolean seasonal() {
        return !seasonality.isEmpty();
    }

    /**
     * The judgement of the newest value against a baseline.
     *
     * @param baselineKind which baseline judged it: {@code rolling}, {@code seasonal(1d)}, or {@code rolling (...)}
     *     saying why a seasonal rule fell back
     */
    public record Score(double value, double baseline, double score, boolean anomaly, String baselineKind) {

        public Score(double value, double baseline, double score, boolean anomaly) {
            this(value, baseline, score, anomaly, ROLLING);
        }
    }

    /** The baseline kind of the non-seasonal method. */
    public static final String ROLLING = "rolling";

    /**
     * Scores the last value of {@code values} against the ones before it.
     *
     * @return null when fewer than {@link #minPoints} values precede it (not armed yet)
     */
    public Score score(double[] values) {
        int history = values.length - 1;
        if (history < minPoints) {
            return null;
        }
        return judge(values[history], estimate(values, history), ROLLING);
    }

    /**
     * Scores the last value of {@code values} against the seasonal baseline when {@code past} holds at least
     * {@link #minPoints} points from around the same instant one (or more) seasons earlier: their centre (median,
     * or mean for zscore) is the baseline and their spread (MAD or σ) the scale, so a pattern that repeats every
     * season (traffic rising each morning) is expected, while a departure from it is not. Otherwise falls back to
     * {@link #score(double[])}, with the reason in {@link Score#baselineKind()}.
     *
     * @param past the points around the same instant in earlier seasons; null when none could be had
     * @return null when neither baseline can judge yet
     */
    public Score score(double[] values, SeasonalSample past) {
        if (!seasonal()) {
            return score(values);
        }
        if (values.length == 0) {
            return null;
        }
        String missing = past == null ? "no seasonal history" : past.note();
        if (past != null && past.values().length >= minPoints) {
            String kind = "seasonal(" + past.periodsText() + ")";
            return judge(values[values.length - 1], estimate(past.values(), past.values().length), kind);
        }
        if (past != null && missing.isEmpty()) {
            missing = past.values().length == 0 ? "no history " + past.periodsText() + " earlier yet"
                    : "only " + past.values().length + " of " + minPoints + " points " + past.periodsText()
                            + " earlier";
        }
        Score rolling = score(values);
        return rolling == null ? null : new Score(rolling.value(), rolling.baseline(), rolling.score(),
                rolling.anomaly(), ROLLING + " (" + missing + ")");
    }

    private Estimators.Baseline estimate(double[] values, int n) {
        return method == Method.MAD ? Estimators.medianMad(values, 0, n) : Estimators.meanSigma(values, 0, n);
    }

    private Score judge(double x, Estimators.Baseline b, String kind) {
        // A flat history has no spread: any change is infinitely surprising; keep the score finite for JSON.
        double sigma = Math.max(b.sigma(), 1e-9 * Math.max(1, Math.abs(b.center())));
        double score = (x - b.center()) / sigma;
        boolean anomaly = switch (direction) {
            case UP -> score > sensitivity;
            case DOWN -> score < -sensitivity;
            case BOTH -> Math.abs(score) > sensitivity;
        };
        return new Score(x, b.center(), score, anomaly, kind);
    }
}
