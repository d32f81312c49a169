package dta.observatory.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The bearer tokens ingest accepts, one per source, from {@code dta.ingest.tokens} (env {@code DTA_INGEST_TOKENS},
 * e.g. from a Kubernetes Secret) written as {@code source1:token1,source2:token2}. With no tokens configured auth is
 * off and every caller is accepted as the anonymous source (so local runs need no setup); the startup log says so.
 *
 * <p>Tokens are never part of a message, a log line or {@link #toString()}. They are compared in constant time.
 */
public final class BearerTokens {

    private record Entry(String source, byte[] token) {
    }

    private final List<Entry> entries;

    private BearerTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static final BearerTokens NONE = new BearerTokens(List.of());

    /**
     * @param spec {@code source:token} pairs separated by commas; blank means auth off
     * @throws IllegalArgumentException naming the position of a malformed pair (never its token)
     */
    public static BearerTokens parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return NONE;
        }
        List<Entry> entries = new ArrayList<>();
        String[] pairs = spec.split(",");
        for (int i = 0; i < pairs.length; i++) {
            String pair = pairs[i].trim();
            int colon = pair.indexOf(':');
            if (colon <= 0 || colon == pair.length() - 1) {
                throw new IllegalArgumentException("dta.ingest.tokens entry " + (i + 1)
                        + " must be written source:token with both parts non-empty");
            }
            String source = pair.substring(0, colon).trim();
            byte[] token = pair.substring(colon + 1).trim().getBytes(StandardCharsets.UTF_8);
            for (Entry e : entries) {
                if (MessageDigest.isEqual(e.token, token)) {
                    throw new IllegalArgumentException("dta.ingest.tokens entries for sources '" + e.source
                            + "' and '" + source + "' have the same token");
                }
            }
            entries.add(new Entry(source, token));
        }
        return new BearerTokens(entries);
    }

    /** Whether any token is configured; false means every caller is accepted. */
    public boolean enabled() {
        return !entries.isEmpty();
    }

    /**
     * @param authorization the {@code Authorization} header or metadata value, possibly null
     * @return the source the token belongs to, or null when the caller is not authorised; "" (anonymous) when
     *     auth is off
     */
    public String sourceFor(String authorization) {
        if (!enabled()) {
            return "";
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        byte[] presented = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (Entry e : entries) { // no early exit: the time taken does not tell which entry matched
            if (MessageDigest.isEqual(e.token, presented)) {
                found = e.source;
            }
        }
        return found;
    }

    /** Lists the sources only. */
    @Override
    public String toString() {
        return enabled() ? "BearerTokens" + entries.stream().map(Entry::source).toList() : "BearerTokens[off]";
    }
}
