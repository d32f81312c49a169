package dta.observatory.alert.cluster;

import java.time.Duration;
import java.util.UUID;

/**
 * Cluster mode settings ({@code dta.alert.cluster.*}). {@code replica} names this process in claims and in ids;
 * it gets a random suffix on every start, so a restarted replica re-reads its own earlier records like any other's.
 */
public record ClusterSettings(boolean enabled, String replica, Duration claimLease, Duration doneRetention) {

    public ClusterSettings {
        if (enabled && (claimLease == null || claimLease.toMillis() < 1)) {
            throw new IllegalArgumentException("dta.alert.cluster.claim-lease must be positive, got " + claimLease);
        }
    }

    /** Settings with a fresh replica id from {@code name} (e.g. the pod name) plus a random suffix. */
    public static ClusterSettings of(boolean enabled, String name, Duration claimLease, Duration doneRetention) {
        String base = name == null || name.isBlank() ? "alert" : name.trim().replaceAll("[^A-Za-z0-9_.-]", "_");
        return new ClusterSettings(enabled, base + "-" + UUID.randomUUID().toString().substring(0, 8), claimLease,
                doneRetention);
    }

    /** The tag put in alert and silence ids: none in embedded mode (ids stay as they were). */
    public String idTag() {
        return enabled ? replica : "";
    }
}
