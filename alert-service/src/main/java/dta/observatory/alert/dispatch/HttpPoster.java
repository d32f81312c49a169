package dta.observatory.alert.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs a body and calls any 2xx delivered. Error messages name the channel and the status or failure kind,
 * never the URL or headers: they may carry tokens and the messages reach the log and the API.
 */
final class HttpPoster {

    private final String channel;
    private final URI url;
    private final Duration timeout;
    private final Map<String, String> headers;
    private final HttpClient http;

    HttpPoster(String channel, URI url, Duration timeout, Map<String, String> headers) {
        if (url == null) {
            throw new IllegalArgumentException(channel + " channel needs a URL");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(channel + " channel timeout must be positive, got " + timeout);
        }
        this.channel = channel;
        this.url = url;
        this.timeout = timeout;
        this.headers = Map.copyOf(headers);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    void post(URI target, String contentType, String body, Map<String, String> extraHeaders)
            throws DeliveryException {
        HttpRequest.Builder b = HttpRequest.newBuilder(target).timeout(timeout).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        extraHeaders.forEach(b::header);
        try {
            int status = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                throw new DeliveryException(channel + " answered HTTP " + status);
            }
        } catch (HttpTimeoutException e) {
            throw new DeliveryException(channel + " timed out after " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new DeliveryException(channel + " unreachable: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while posting to " + channel, e);
        }
    }

    void post(String contentType, String body, Map<String, String> extraHeaders) throws DeliveryException {
        post(url, contentType, body, extraHeaders);
    }

    /** POSTs {@code payload} encoded as JSON; an encoding failure is a delivery failure naming the channel. */
    void postJson(ObjectMapper json, Object payload, Map<String, String> extraHeaders) throws DeliveryException {
        String body;
        try {
            body = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new DeliveryException("could not encode the " + channel + " payload", e);
        }
        post("application/json", body, extraHeaders);
    }

    /** The Authorization header for a configured value; none when the value is blank (no auth). */
    static Map<String, String> authorization(String headerValue) {
        return headerValue == null || headerValue.isBlank() ? Map.of() : Map.of("Authorization", headerValue);
    }

    URI url() {
        return url;
    }
}
