package dta.observatory.watcher.rules;

/** The test between a window's aggregate and a rule's threshold: the rule's condition holds when it is true. */
public enum Comparator {
    LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!=");

    private final String symbol;

    Comparator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** Accepts the symbol ("<") or the name ("lt"), any case. */
    public static Comparator parse(String text) {
        if (text != null) {
            for (Comparator c : values()) {
                if (c.symbol.equals(text.trim()) || c.name().equalsIgnoreCase(text.trim())) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("unknown comparator '" + text + "'; expected one of <, <=, >, >=, ==, !=");
    }

    public boolean holds(double value, double threshold) {
        return switch (this) {
            case LT -> value < threshold;
            case LE -> value <= threshold;
            case GT -> value > threshold;
            case GE -> value >= threshold;
            case EQ -> value == threshold;
            case NE -> value != threshold;
        };
    }
}
