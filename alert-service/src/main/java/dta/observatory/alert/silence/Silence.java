package dta.observatory.alert.silence;

import dta.observatory.alert.routing.Matcher;
import java.util.List;
import java.util.Map;

/** Mutes alerts whose labels match every matcher, from {@code startsAtMs} (inclusive) to {@code endsAtMs}. */
public record Silence(String id, List<String> matchers, long startsAtMs, long endsAtMs, String createdBy,
        String comment) {

    public Silence {
        if (matchers == null || matchers.isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one matcher, e.g. rule=pay-ok");
        }
        matchers = List.copyOf(matchers);
        matchers.forEach(Matcher::parse); // refuses bad ones now, not when an alert arrives
        if (endsAtMs <= startsAtMs) {
            throw new IllegalArgumentException("a silence must end after it starts (startsAtMs " + startsAtMs
                    + ", endsAtMs " + endsAtMs + ")");
        }
    }

    public boolean activeAt(long nowMs) {
        return startsAtMs <= nowMs && nowMs < endsAtMs;
    }

    public boolean mutes(Map<String, String> labels, long nowMs) {
        return activeAt(nowMs) && Matcher.all(matchers.stream().map(Matcher::parse).toList(), labels);
    }

    public String state(long nowMs) {
        return nowMs < startsAtMs ? "pending" : nowMs < endsAtMs ? "active" : "expired";
    }

    Silence endingAt(long atMs) {
        return new Silence(id, matchers, Math.min(startsAtMs, atMs - 1), atMs, createdBy, comment);
    }
}
