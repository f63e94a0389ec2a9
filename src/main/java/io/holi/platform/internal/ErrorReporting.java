package io.holi.platform.internal;

import io.sentry.Sentry;
import io.sentry.SentryEvent;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Sentry, through its official SDK, when SENTRY_DSN is set; nothing at all otherwise. What is sent is an
 * exception's types and stack frames: no messages (they may quote submitted data), no request, no user, no
 * breadcrumbs, no server name.
 */
@Component
class ErrorReporting {

    private final boolean enabled;

    ErrorReporting(@Value("${holi.sentry.dsn:}") String dsn) {
        this.enabled = dsn != null && !dsn.isBlank();
        if (enabled) {
            String version = ErrorReporting.class.getPackage().getImplementationVersion();
            Sentry.init(options -> {
                options.setDsn(dsn);
                options.setSendDefaultPii(false);
                options.setMaxBreadcrumbs(0);
                options.setAttachServerName(false);
                options.setRelease(version == null ? "development" : version);
                options.setBeforeSend(ErrorReporting::scrub);
            });
        }
    }

    static SentryEvent scrub(SentryEvent event, io.sentry.Hint hint) {
        event.setRequest(null);
        event.setUser(null);
        event.setServerName(null);
        event.setBreadcrumbs(null);
        event.setExtras(null);
        event.setMessage(null);
        return event;
    }

    void report(Throwable redacted) {
        if (enabled && redacted != null) {
            Sentry.captureException(redacted);
        }
    }

    @PreDestroy
    void close() {
        if (enabled) {
            Sentry.flush(2000);
            Sentry.close();
        }
    }
}
