package io.holi.notes.internal;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.AnthropicException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.TextBlock;
import io.holi.notes.AiProperties;
import io.holi.platform.HoliException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Summaries through the official Anthropic Java SDK. No retries (an overloaded API answers within the
 * deadline instead of after several), and nothing of the note or the answer is ever logged.
 */
@Component
public class NoteSummarizer {

    private static final Logger log = LoggerFactory.getLogger(NoteSummarizer.class);
    private static final String SYSTEM = "You summarise clinical notes for the treating clinician. Give three to five "
            + "short bullet points: findings, assessment, plan. Add nothing that is not in the note.";

    private final AiProperties properties;
    private final Optional<AnthropicClient> client;

    NoteSummarizer(AiProperties properties) {
        this.properties = properties;
        String key = properties.anthropicApiKey();
        this.client = key == null || key.isBlank() ? Optional.empty() : Optional.of(AnthropicOkHttpClient.builder()
                .apiKey(key).baseUrl(properties.baseUrl()).timeout(properties.timeout()).maxRetries(0).build());
    }

    public boolean available() {
        return client.isPresent();
    }

    private volatile Reachability last;

    /** Whether the AI service answered, and when it was asked. */
    public record Reachability(boolean reachable, Instant at) {
    }

    /**
     * Asks the AI service for the model's description (GET /v1/models/{model}): it answers without any note being sent,
     * so the status page can know the service is there. Asked at most once per {@code maxAge}; empty when no key is set.
     */
    public Optional<Reachability> reachability(Duration maxAge) {
        if (client.isEmpty()) {
            return Optional.empty();
        }
        Reachability r = last;
        Instant now = Instant.now();
        if (r == null || !r.at().plus(maxAge).isAfter(now)) {
            boolean ok;
            try {
                client.get().models().retrieve(properties.model());
                ok = true;
            } catch (AnthropicException | IllegalStateException e) {
                log.warn("AI service not reachable: {}", e.getClass().getSimpleName());
                ok = false;
            }
            r = new Reachability(ok, now);
            last = r;
        }
        return Optional.of(r);
    }

    public String model() {
        return properties.model();
    }

    public String summarize(String noteText) {
        AnthropicClient c = client.orElseThrow();
        try {
            Message answer = c.messages().create(MessageCreateParams.builder()
                    .model(properties.model()).maxTokens(512).system(SYSTEM).addUserMessage(noteText).build());
            String text = answer.content().stream().flatMap(b -> b.text().stream()).map(TextBlock::text)
                    .collect(Collectors.joining("\n")).strip();
            if (text.isEmpty()) {
                throw new IllegalStateException("the answer had no text");
            }
            return text;
        } catch (AnthropicException | IllegalStateException e) {
            // the SDK's messages describe the HTTP exchange, not the note; the type is enough for on-call
            log.warn("AI assistance failed: {}", e.getClass().getSimpleName());
            throw HoliException.unavailable("AI assistance unavailable right now (" + describe(e)
                    + "); the note itself is saved and readable", null);
        }
    }

    private static String describe(RuntimeException e) {
        String name = e.getClass().getSimpleName();
        if (name.contains("Timeout") || name.contains("Io")) {
            return "no answer in time";
        }
        if (name.contains("InvalidData") || e instanceof IllegalStateException) {
            return "the answer could not be read";
        }
        return "the AI service reported an error";
    }
}
