package dta.observatory.alert.dispatch;

/**
 * What the API says about a channel: when it last delivered, when and why it last failed (the error never holds
 * a secret: channels build their messages without URLs or tokens).
 */
public record ChannelStatus(String channel, long lastSuccessAtMs, long lastErrorAtMs, String lastError, long sent,
        long failed, long retried) {

    ChannelStatus success(long atMs) {
        return new ChannelStatus(channel, atMs, lastErrorAtMs, lastError, sent + 1, failed, retried);
    }

    ChannelStatus error(long atMs, String error, boolean gaveUp) {
        return new ChannelStatus(channel, lastSuccessAtMs, atMs, error, sent, failed + (gaveUp ? 1 : 0),
                retried + (gaveUp ? 0 : 1));
    }
}
