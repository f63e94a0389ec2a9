package io.holi.notify;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param slackWebhookUrl     SLACK_WEBHOOK_URL: a Slack incoming webhook; every notification goes there
 * @param pagerdutyRoutingKey PAGERDUTY_ROUTING_KEY: an Events API v2 integration key; warnings and critical ones go there
 * @param pagerdutyUrl        the Events API v2 endpoint
 * @param attempts            tries per destination, with exponential backoff from {@code backoff}
 */
@ConfigurationProperties("holi.notify")
public record NotifyProperties(String slackWebhookUrl, String pagerdutyRoutingKey,
                               @DefaultValue("https://events.pagerduty.com/v2/enqueue") String pagerdutyUrl,
                               @DefaultValue("4") int attempts, @DefaultValue("500ms") Duration backoff,
                               @DefaultValue("5s") Duration timeout) {

    @Override
    public String toString() {
        return "NotifyProperties[slack=" + (slackWebhookUrl != null && !slackWebhookUrl.isBlank()) + ", pagerduty="
                + (pagerdutyRoutingKey != null && !pagerdutyRoutingKey.isBlank()) + "]";
    }
}
