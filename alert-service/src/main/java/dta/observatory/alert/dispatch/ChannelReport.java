package dta.observatory.alert.dispatch;

import java.util.List;
import java.util.Map;

/**
 * What the API (REST and gRPC alike) says about delivery: each channel's status, the notifications waiting per
 * channel and in all, and the age of the oldest one.
 */
public record ChannelReport(List<ChannelStatus> channels, Map<String, Integer> pendingByChannel, int pending,
        long oldestPendingAgeMs) {

    public ChannelReport {
        channels = List.copyOf(channels);
        pendingByChannel = Map.copyOf(pendingByChannel);
    }
}
