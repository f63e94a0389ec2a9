package io.holi.platform.internal;

import io.holi.platform.HoliProperties;
import io.holi.platform.RequestMetadata;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.regex.Pattern;

/** Gives every request an id, a client address and a user agent, before security or anything else runs. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestMetadataFilter extends OncePerRequestFilter {

    static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final Pattern SAFE_ID = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");
    private static final int MAX_USER_AGENT = 512;

    private final TrustedProxies proxies;

    RequestMetadataFilter(HoliProperties properties) {
        this.proxies = new TrustedProxies(properties.web().trustedProxies());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String clientIp = proxies.clientIp(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
        String incomingId = request.getHeader(REQUEST_ID_HEADER);
        String requestId = incomingId != null && SAFE_ID.matcher(incomingId).matches()
                && proxies.isTrusted(request.getRemoteAddr()) ? incomingId : RequestIds.next();
        String agent = request.getHeader("User-Agent");
        if (agent != null && agent.length() > MAX_USER_AGENT) {
            agent = agent.substring(0, MAX_USER_AGENT);
        }
        RequestMetadata metadata = new RequestMetadata(requestId, clientIp, agent, request.getMethod(), request.getRequestURI());
        request.setAttribute(RequestMetadata.ATTRIBUTE, metadata);
        response.setHeader(REQUEST_ID_HEADER, requestId);
        MDC.put("requestId", requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("requestId");
        }
    }
}
