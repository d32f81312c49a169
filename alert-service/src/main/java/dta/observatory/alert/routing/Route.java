package dta.observatory.alert.routing;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A node of the routing tree: which alerts it takes (all matchers hold), where they go, and how they are grouped
 * and throttled. Children are tried in order; the first that matches takes the alert unless it says
 * {@code continueMatching}; when no child matches, this node takes it.
 *
 * @param groupBy labels whose values split alerts into groups; {@code ["..."]} means every label (no grouping)
 * @param groupWait how long a new group waits for more alerts before the first notification
 * @param groupInterval how long a group waits before notifying about changes (new or resolved alerts)
 * @param repeatInterval how long before an unchanged, unacknowledged firing group is notified again
 * @param sendResolved whether resolved alerts are notified on this route
 */
public record Route(String name, List<Matcher> matchers, List<String> channels, List<String> groupBy,
        Duration groupWait, Duration groupInterval, Duration repeatInterval, boolean sendResolved,
        boolean continueMatching, List<Route> routes) {

    public Route {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("route name must not be blank");
        }
        matchers = List.copyOf(matchers);
        channels = List.copyOf(channels);
        groupBy = List.copyOf(groupBy);
        routes = List.copyOf(routes);
        requireNotNegative(name, "group_wait", groupWait);
        requireNotNegative(name, "group_interval", groupInterval);
        requireNotNegative(name, "repeat_interval", repeatInterval);
        if (repeatInterval.isZero()) {
            throw new IllegalArgumentException("route " + name + ": repeat_interval must be positive");
        }
    }

    private static void requireNotNegative(String route, String what, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("route " + route + ": " + what + " must not be negative, got " + d);
        }
    }

    public boolean matches(Map<String, String> labels) {
        return Matcher.all(matchers, labels);
    }

    /** Whether {@code groupBy} is {@code ["..."]}: each alert its own group. */
    public boolean groupsByAll() {
        return groupBy.contains("...");
    }
}
