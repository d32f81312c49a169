package dta.observatory.alert.inhibit;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Applies the inhibit rules: is an alert muted by one of the alerts firing now? */
public final class Inhibitor {

    private final List<InhibitRule> rules;

    public Inhibitor(List<InhibitRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public boolean inhibited(Map<String, String> labels, Collection<Map<String, String>> firing) {
        for (InhibitRule rule : rules) {
            for (Map<String, String> source : firing) {
                if (rule.mutes(source, labels)) {
                    return true;
                }
            }
        }
        return false;
    }
}
