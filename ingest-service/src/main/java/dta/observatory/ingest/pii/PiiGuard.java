package dta.observatory.ingest.pii;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The seed FAQ's PII guard: labels whose name is on a denylist, or whose value looks like personal data (an e-mail
 * address, an SSN-like number), are removed from a sample before anything is stored. The sample itself is kept;
 * the caller counts the removed labels. Pure and thread-safe.
 */
public final class PiiGuard {

    /** Default denied label names (compared case-insensitively). */
    public static final Set<String> DEFAULT_DENIED_NAMES = Set.of("email", "e_mail", "mail", "ssn", "phone",
            "password", "user_email", "credit_card", "iban");
    /** An e-mail address anywhere in the value. */
    public static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");
    /** A US-SSN-like number (3-2-4 digits) anywhere in the value. */
    public static final Pattern SSN_LIKE = Pattern.compile("(?<![0-9])[0-9]{3}-[0-9]{2}-[0-9]{4}(?![0-9])");

    public static final PiiGuard DEFAULTS = new PiiGuard(DEFAULT_DENIED_NAMES, List.of(EMAIL, SSN_LIKE));

    private final String[] deniedNames;
    private final List<Pattern> valuePatterns;
    /**
     * Per pattern, a character every match contains ({@code '\0'}: none known). Checked with {@code indexOf}
     * first: most label values (hosts, services, status codes) have neither '@' nor '-', and a regex search per
     * label per sample was the largest cost of ingest after protobuf decoding.
     */
    private final char[] mustContain;

    /**
     * @param deniedNames label names to remove whatever their value (case-insensitive)
     * @param valuePatterns a label whose value contains a match of any of these is removed
     */
    public PiiGuard(Set<String> deniedNames, List<Pattern> valuePatterns) {
        this.deniedNames = deniedNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct()
                .toArray(String[]::new);
        this.valuePatterns = List.copyOf(valuePatterns);
        this.mustContain = new char[this.valuePatterns.size()];
        for (int i = 0; i < mustContain.length; i++) {
            Pattern p = this.valuePatterns.get(i);
            mustContain[i] = p == EMAIL ? '@' : p == SSN_LIKE ? '-' : '\0';
        }
    }

    /** The labels to store and how many were removed. */
    public record Cleaned(Map<String, String> labels, int removed) {
    }

    /** Returns the labels unchanged (same instance) when nothing is removed. */
    public Cleaned clean(Map<String, String> labels) {
        Map<String, String> kept = null;
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (isPii(label.getKey(), label.getValue())) {
                if (kept == null) {
                    kept = new HashMap<>(labels);
                }
                kept.remove(label.getKey());
            }
        }
        return kept == null ? new Cleaned(labels, 0) : new Cleaned(kept, labels.size() - kept.size());
    }

    boolean isPii(String name, String value) {
        for (String denied : deniedNames) {
            if (denied.equalsIgnoreCase(name)) { // no lower-cased copy per label
                return true;
            }
        }
        if (value == null) {
            return false;
        }
        for (int i = 0; i < mustContain.length; i++) {
            if (mustContain[i] != '\0' && value.indexOf(mustContain[i]) < 0) {
                continue;
            }
            if (valuePatterns.get(i).matcher(value).find()) {
                return true;
            }
        }
        return false;
    }
}
