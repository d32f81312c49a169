package dta.observatory.support;

/** Parses the durations users write in APIs and rule files: {@code 500ms}, {@code 60s}, {@code 5m}, {@code 1h}, {@code 1d}. */
public final class Durations {

    private static final String[] UNITS = {"ms", "s", "m", "h", "d"};
    private static final long[] MILLIS = {1, 1_000, 60_000, 3_600_000, 86_400_000};

    private Durations() {
    }

    /**
     * @param name the parameter's name, quoted in the error message
     * @param text a whole number with one of the units ms, s, m, h, d, or plain milliseconds; blank means 0
     * @throws IllegalArgumentException naming the parameter when the text is not such a duration or is negative
     */
    public static long parseMillis(String name, String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        String t = text.trim();
        try {
            long millis = -1;
            for (int i = 0; i < UNITS.length && millis < 0; i++) {
                boolean secondsButMillis = UNITS[i].equals("s") && t.endsWith("ms");
                if (t.endsWith(UNITS[i]) && !secondsButMillis) {
                    millis = Math.multiplyExact(Long.parseLong(t.substring(0, t.length() - UNITS[i].length())), MILLIS[i]);
                }
            }
            if (millis < 0) {
                millis = Long.parseLong(t);
            }
            if (millis < 0) {
                throw new NumberFormatException();
            }
            return millis;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + name + "' must be a duration such as 500ms, 60s, 5m, 1h or 1d, got '"
                    + text + "'");
        }
    }
}
