package io.holi.reminders.internal;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import io.holi.reminders.Channel;
import io.holi.reminders.ReminderMessages;
import io.holi.reminders.ReminderProperties;
import java.net.URI;
import java.util.UUID;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpHost;

/**
 * SMS through Twilio's own Java SDK. The SDK builds its requests for {@code https://api.twilio.com}; when
 * {@code holi.reminders.twilio.base-url} names another address (a regional edge, a test's server), the HTTP client's
 * route goes there instead, and the request the SDK built is sent unchanged.
 */
final class TwilioSender implements Sender {

    /** Twilio's error for a number that texted STOP: its own opt-out list, which holi honours. */
    static final int UNSUBSCRIBED = 21610;

    private final ReminderProperties.Twilio settings;
    private final String statusCallback;
    private final TwilioRestClient client;

    TwilioSender(ReminderProperties.Twilio settings, String publicBase) {
        this.settings = settings;
        this.statusCallback = publicBase.isEmpty() ? null : publicBase + WebhookController.TWILIO_STATUS;
        this.client = settings.configured() ? client(settings) : null;
    }

    private static TwilioRestClient client(ReminderProperties.Twilio s) {
        HttpClientBuilder http = HttpClientBuilder.create();
        URI base = URI.create(s.baseUrl());
        if (!"api.twilio.com".equals(base.getHost())) {
            HttpHost to = new HttpHost(base.getScheme(), base.getHost(), base.getPort());
            http.setRoutePlanner((target, context) -> new HttpRoute(to));
        }
        return new TwilioRestClient.Builder(s.accountSid(), s.authToken()).httpClient(new NetworkHttpClient(http)).build();
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public boolean configured() {
        return client != null;
    }

    @Override
    public String send(String to, ReminderMessages.Message message, UUID idempotencyKey) throws Failure {
        String from = settings.from().strip();
        MessageCreator creator = from.startsWith("MG")
                ? Message.creator(new PhoneNumber(to), from, message.text())
                : Message.creator(new PhoneNumber(to), new PhoneNumber(from), message.text());
        if (statusCallback != null) {
            creator.setStatusCallback(URI.create(statusCallback));
        }
        try {
            return creator.create(client).getSid();
        } catch (ApiConnectionException e) {
            throw new Failure(true, "Twilio unreachable: " + e.getMessage());
        } catch (ApiException e) {
            Integer status = e.getStatusCode();
            throw new Failure(Failure.transientStatus(status), "Twilio " + (status == null ? "" : status + " ")
                    + (e.getCode() == null ? "" : "error " + e.getCode() + ": ") + e.getMessage(), e.getCode());
        }
    }
}
