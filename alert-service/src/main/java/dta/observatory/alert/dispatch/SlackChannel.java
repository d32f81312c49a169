package dta.observatory.alert.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Posts to a Slack incoming webhook: {@code text} (the fallback shown in notifications, with the description) and
 * {@code blocks} (a header, the description when the rule has one, the alerts as a section, the group as context). The webhook URL is the secret: env only, never logged.
 */
public final class SlackChannel implements Channel {

    public static final String NAME = "slack";
    /** Slack refuses a section text over 3000 characters. */
    static final int SECTION_MAX = 3000;

    private final HttpPoster poster;
    private final ObjectMapper json;

    public SlackChannel(URI webhookUrl, Duration timeout, ObjectMapper json) {
        this.poster = new HttpPoster(NAME, webhookUrl, timeout, Map.of());
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void deliver(Notification n) throws DeliveryException {
        poster.postJson(json, payload(n), Map.of());
    }

    static Map<String, Object> payload(Notification n) {
        String title = Texts.title(n);
        String description = Texts.description(n);
        String emoji = n.status().equals("firing") ? ":rotating_light: " : ":white_check_mark: ";
        List<Map<String, Object>> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "text", Map.of("type", "plain_text", "text",
                Texts.cut(emoji + title, 150), "emoji", true)));
        if (!description.isEmpty()) {
            blocks.add(Map.of("type", "section", "text", Map.of("type", "plain_text",
                    "text", Texts.cut(description, SECTION_MAX))));
        }
        blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn",
                "text", Texts.cut("```" + Texts.details(n) + "```", SECTION_MAX))));
        blocks.add(Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn",
                "text", "route `" + n.route() + "` · group " + n.groupLabels() + " · key `" + n.idempotencyKey()
                        + "`"))));
        return Map.of("text", description.isEmpty() ? title : title + "\n" + description, "blocks", blocks);
    }
}
