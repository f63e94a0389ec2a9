package io.holi.identity;

import io.holi.identity.internal.SessionAuthentication;
import io.holi.platform.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * The web pages' side of signing in: a completed sign-in becomes the session's security context (new session id,
 * idle timeout set), a half-done one (password given, code or enrolment pending) is remembered for five minutes.
 */
@Component
@ConditionalOnWebApplication
public class WebSessions {

    /** Where to go after signing in: the page the visitor asked for (a path of this site only). */
    public static final String RETURN_TO = "holi.signin.return-to";
    public static final String PENDING_USER = "holi.signin.pending-user";
    public static final String PENDING_SINCE = "holi.signin.pending-since";
    public static final String PENDING_STAGE = "holi.signin.pending-stage";
    private static final java.time.Duration PENDING_FOR = java.time.Duration.ofMinutes(5);

    /** What the pending sign-in waits for. */
    public enum Stage { CODE, ENROL }

    public record Pending(UUID userId, Stage stage) {
    }

    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final IdentityProperties properties;

    WebSessions(IdentityProperties properties) {
        this.properties = properties;
    }

    public void pending(HttpServletRequest request, UUID userId, Stage stage) {
        HttpSession session = request.getSession(true);
        request.changeSessionId();
        session.setAttribute(PENDING_USER, userId);
        session.setAttribute(PENDING_STAGE, stage.name());
        session.setAttribute(PENDING_SINCE, Instant.now());
    }

    public Optional<Pending> pending(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(PENDING_USER) instanceof UUID id)
                || !(session.getAttribute(PENDING_SINCE) instanceof Instant since) || since.plus(PENDING_FOR).isBefore(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(new Pending(id, Stage.valueOf((String) session.getAttribute(PENDING_STAGE))));
    }

    /** The sign-in is complete: a new session id (no fixation), the caller in the session, the idle timeout set. */
    public void signedIn(HttpServletRequest request, HttpServletResponse response, SignIn.SignedIn signedIn) {
        HttpSession session = request.getSession(true);
        request.changeSessionId();
        session.removeAttribute(PENDING_USER);
        session.removeAttribute(PENDING_STAGE);
        session.removeAttribute(PENDING_SINCE);
        session.setMaxInactiveInterval((int) properties.sessionIdleTimeout().toSeconds());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new SessionAuthentication(signedIn.caller(), signedIn.at()));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }

    /** Ends this browser's session (the caller's other sessions end through {@link SignIn#signOut}). */
    public void end(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
    }

    /** The page asked for before signing in, if it is a plain path of this site; the home page otherwise. */
    public String returnTo(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object target = session == null ? null : session.getAttribute(RETURN_TO);
        if (session != null) {
            session.removeAttribute(RETURN_TO);
        }
        if (target instanceof String path && path.matches("/[A-Za-z0-9/_.-]*") && !path.startsWith("//")) {
            return path;
        }
        return "/";
    }

    public Optional<Caller> caller() {
        return Caller.current();
    }

    public IdentityProperties properties() {
        return properties;
    }
}
