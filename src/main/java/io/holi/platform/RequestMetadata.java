package io.holi.platform;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.util.Optional;

/**
 * Where the current request came from: the client address (X-Forwarded-For honoured only from trusted
 * proxies), its user agent and the request id that also appears in the logs and the response header.
 * Outside a request (a CLI command, a scheduled job) it describes this process instead.
 */
public record RequestMetadata(String requestId, String clientIp, String userAgent, String method, String path) {

    public static final String ATTRIBUTE = RequestMetadata.class.getName();

    public static RequestMetadata current() {
        RequestAttributes attrs = RequestContextHolder.getRequestAttributes();
        if (attrs != null && attrs.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof RequestMetadata m) {
            return m;
        }
        return background();
    }

    public static Optional<RequestMetadata> ofRequest() {
        RequestAttributes attrs = RequestContextHolder.getRequestAttributes();
        if (attrs != null && attrs.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof RequestMetadata m) {
            return Optional.of(m);
        }
        return Optional.empty();
    }

    private static RequestMetadata background() {
        return new RequestMetadata(io.holi.platform.internal.RequestIds.next(), null, "holi/" + System.getProperty("holi.command", "process"),
                null, null);
    }
}
