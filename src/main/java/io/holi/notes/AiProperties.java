package io.holi.notes;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param anthropicApiKey ANTHROPIC_API_KEY; without it AI assistance answers 503 and nothing is sent anywhere
 * @param baseUrl         the Messages API's base URL (a BAA-covered gateway or a test server)
 * @param model           the model asked for summaries
 * @param timeout         how long to wait for an answer; the request answers 503 after it
 */
@ConfigurationProperties("holi.ai")
public record AiProperties(String anthropicApiKey, @DefaultValue("https://api.anthropic.com") String baseUrl,
                           @DefaultValue("claude-sonnet-4-5") String model, @DefaultValue("8s") Duration timeout) {

    @Override
    public String toString() {
        return "AiProperties[baseUrl=" + baseUrl + ", model=" + model + "]";
    }
}
