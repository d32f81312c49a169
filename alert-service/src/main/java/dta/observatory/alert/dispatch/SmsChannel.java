package dta.observatory.alert.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a text through an HTTP SMS gateway, one POST per recipient. The default body is Twilio's form
 * ({@code To}, {@code From}, {@code Body}); {@code json} sends {"to","from","text"} instead. The auth header
 * value (e.g. "Basic ..." for Twilio) comes from env and is never logged. The text is cut to {@code maxLength}.
 */
public final class SmsChannel implements Channel {

    public static final String NAME = "sms";

    /** Body format of the gateway. */
    public enum Format { FORM, JSON }

    private final HttpPoster poster;
    private final Format format;
    private final String from;
    private final List<String> to;
    private final int maxLength;
    private final ObjectMapper json;

    public SmsChannel(URI url, Duration timeout, String authHeader, Format format, String from, List<String> to,
            int maxLength, ObjectMapper json) {
        if (to == null || to.isEmpty()) {
            throw new IllegalArgumentException("sms channel needs at least one recipient (dta.alert.sms.to)");
        }
        if (maxLength < 10) {
            throw new IllegalArgumentException("sms max-length must be at least 10, got " + maxLength);
        }
        this.poster = new HttpPoster(NAME, url, timeout,
                HttpPoster.authorization(authHeader));
        this.format = format;
        this.from = from == null ? "" : from;
        this.to = List.copyOf(to);
        this.maxLength = maxLength;
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void deliver(Notification n) throws DeliveryException {
        String text = text(n, maxLength);
        for (String recipient : to) {
            poster.post(format == Format.FORM ? "application/x-www-form-urlencoded" : "application/json",
                    body(recipient, text), Map.of("Idempotency-Key", n.idempotencyKey() + ":" + recipient));
        }
    }

    static String text(Notification n, int maxLength) {
        return Texts.cut(Texts.title(n), maxLength);
    }

    String body(String recipient, String text) throws DeliveryException {
        if (format == Format.FORM) {
            return "To=" + enc(recipient) + "&From=" + enc(from) + "&Body=" + enc(text);
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("to", recipient);
        m.put("from", from);
        m.put("text", text);
        try {
            return json.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new DeliveryException("could not encode sms", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
