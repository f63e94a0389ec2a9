package io.holi.reminders.internal;

import com.resend.Resend;
import com.resend.core.exception.ResendException;
import com.resend.core.net.RequestOptions;
import com.resend.services.emails.Emails;
import com.resend.services.emails.model.CreateEmailOptions;
import io.holi.reminders.Channel;
import io.holi.reminders.ReminderMessages;
import io.holi.reminders.ReminderProperties;
import java.lang.reflect.Field;
import java.util.UUID;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Email through Resend's own Java SDK, with the reminder's id as Resend's {@code Idempotency-Key} (a retried send is
 * never a second email). The SDK has its address written in ({@code https://api.resend.com}) and no setting for
 * another; when {@code holi.reminders.resend.base-url} names one, its OkHttp client gets an interceptor that sends
 * the request the SDK built to that address instead (the one reflective step, checked when holi starts).
 */
final class ResendSender implements Sender {

    private final ReminderProperties.Resend settings;
    private final Emails emails;

    ResendSender(ReminderProperties.Resend settings) {
        this.settings = settings;
        this.emails = settings.configured() ? emails(settings) : null;
    }

    private static Emails emails(ReminderProperties.Resend s) {
        Emails emails = new Resend(s.apiKey()).emails();
        HttpUrl base = HttpUrl.get(s.baseUrl());
        if (!"api.resend.com".equals(base.host())) {
            try {
                Object http = emails.getHttpClient();
                Field f = http.getClass().getDeclaredField("httpClient");
                f.setAccessible(true);
                OkHttpClient original = (OkHttpClient) f.get(http);
                f.set(http, original.newBuilder().addInterceptor(chain -> {
                    HttpUrl url = chain.request().url().newBuilder().scheme(base.scheme()).host(base.host()).port(base.port()).build();
                    return chain.proceed(chain.request().newBuilder().url(url).build());
                }).build());
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("holi.reminders.resend.base-url cannot be applied to this version of Resend's SDK: " + e, e);
            }
        }
        return emails;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public boolean configured() {
        return emails != null;
    }

    @Override
    public String send(String to, ReminderMessages.Message message, UUID idempotencyKey) throws Failure {
        CreateEmailOptions email = CreateEmailOptions.builder().from(settings.from()).to(to).subject(message.subject())
                .text(message.text()).build();
        try {
            return emails.send(email, RequestOptions.builder().setIdempotencyKey("reminder-" + idempotencyKey).build()).getId();
        } catch (ResendException e) {
            Integer status = e.getStatusCode();
            throw new Failure(Failure.transientStatus(status), "Resend " + (status == null ? "unreachable: " : status + ": ") + e.getMessage());
        } catch (RuntimeException e) {
            throw new Failure(true, "Resend unreachable: " + e.getMessage());
        }
    }
}
