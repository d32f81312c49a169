package dta.observatory.store.quota;

/**
 * The store's disk-quota warning as the alert service receives it: rule {@link DiskQuotaAlerts#RULE_ID}, value =
 * used fraction of the quota, threshold = the warning ratio.
 *
 * @param firing       true while usage is above the threshold; false for the resolve
 * @param usedBytes    bytes on disk (WAL, blocks, roll-ups) when observed
 * @param maxBytes     the quota ({@code dta.store.max-disk-bytes})
 * @param threshold    the warning ratio (0.9)
 * @param observedAtMs when the engine measured it, ms since epoch
 */
public record DiskAlert(boolean firing, long usedBytes, long maxBytes, double threshold, long observedAtMs) {

    public double usedFraction() {
        return (double) usedBytes / maxBytes;
    }

    /** One line naming bytes used and the quota, for people. */
    public String summary() {
        String share = String.format(java.util.Locale.ROOT, "%.1f %%", usedFraction() * 100);
        return firing
                ? "store disk usage " + usedBytes + " bytes is " + share + " of the quota of " + maxBytes
                        + " bytes (warning above " + Math.round(threshold * 100) + " %; at 100 % the oldest data is "
                        + "pruned)"
                : "store disk usage " + usedBytes + " bytes is back to " + share + " of the quota of " + maxBytes
                        + " bytes";
    }
}
