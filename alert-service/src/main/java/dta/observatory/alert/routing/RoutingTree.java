package dta.observatory.alert.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Finds the routes an alert takes: Alertmanager's depth-first walk. The root takes whatever nothing else does. */
public final class RoutingTree {

    private final Route root;

    public RoutingTree(Route root) {
        if (root.channels().isEmpty()) {
            throw new IllegalArgumentException("the root route needs at least one channel (the default route)");
        }
        this.root = root;
    }

    public Route root() {
        return root;
    }

    /** The routes that take an alert with these labels; never empty (the root is the default route). */
    public List<Route> match(Map<String, String> labels) {
        List<Route> out = new ArrayList<>();
        walk(root, labels, out);
        return out;
    }

    private static boolean walk(Route node, Map<String, String> labels, List<Route> out) {
        if (!node.matches(labels)) {
            return false;
        }
        boolean childTook = false;
        for (Route child : node.routes()) {
            if (walk(child, labels, out)) {
                childTook = true;
                if (!child.continueMatching()) {
                    break;
                }
            }
        }
        if (!childTook) {
            out.add(node);
        }
        return true;
    }
}
