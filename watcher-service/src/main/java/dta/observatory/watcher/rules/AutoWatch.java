package dta.observatory.watcher.rules;

import java.util.Locale;

/**
 * The AutoWatcher's settings (the seed's section 8): the newest value is an anomaly when it lies more than
 * {@code sensitivity} standard deviations from the baseline of the values before it.
 *
 * @param sensitivity how many estimated standard deviations count as an anomaly (the seed's 2.5)
 * @param method how the baseline and the deviation are estimated
 * @param direction which side of the baseline counts
 * @param minPoints no judgement before the history holds this many points
 */
public record AutoWatch(double sensitivity, Method method, Direction direction, int minPoints) {

    public static final double DEFAULT_SENSITIVITY = 2.5;
    public static final int DEFAULT_MIN_POINTS = 30;
    public static final AutoWatch DEFAULTS = new AutoWatch(0, null, null, 0);

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
    }

    /** The judgement of the newest value against the history before it. */
    public record Score(double value, double baseline, double score, boolean anomaly) {
    }

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
        Estimators.Baseline b = method == Method.MAD ? Estimators.medianMad(values, 0, history)
                : Estimators.meanSigma(values, 0, history);
        double x = values[history];
        // A flat history has no spread: any change is infinitely surprising; keep the score finite for JSON.
        double sigma = Math.max(b.sigma(), 1e-9 * Math.max(1, Math.abs(b.center())));
        double score = (x - b.center()) / sigma;
        boolean anomaly = switch (direction) {
            case UP -> score > sensitivity;
            case DOWN -> score < -sensitivity;
            case BOTH -> Math.abs(score) > sensitivity;
        };
        return new Score(x, b.center(), score, anomaly);
    }
}
