package dta.observatory.alert.grouping;

import dta.observatory.alert.alerts.AlertRecord;
import java.util.List;
import java.util.Map;

/**
 * What one group has to say now: its firing alerts and, if the route sends them, the ones just resolved.
 *
 * @param key identifies the group (route, channels, group-by label values)
 * @param idempotencyKey the same for the same content, so a receiver can drop a copy re-sent after a crash;
 *        repeats get a new one (they are meant to reach people again)
 * @param repeat true when nothing changed and the group is notified again after repeat_interval
 */
public record GroupNotification(String route, String key, Map<String, String> groupLabels, List<String> channels,
        List<AlertRecord> firing, List<AlertRecord> resolved, boolean repeat, String idempotencyKey) {

    public GroupNotification {
        groupLabels = Map.copyOf(groupLabels);
        channels = List.copyOf(channels);
        firing = List.copyOf(firing);
        resolved = List.copyOf(resolved);
    }
}
