package io.holi.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DeferredCsrfToken;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page's CSRF token is in the session before the page is written (a page larger than the response buffer reaches
 * the browser before the request ends, and a quick submit of its form must find the token).
 */
class CsrfTokenFirstTest {

    private final HttpSessionCsrfTokenRepository repository = new HttpSessionCsrfTokenRepository();

    @Test
    void theTokenIsInTheSessionBeforeThePageIsWritten() throws Exception {
        List<Object> inSessionWhileWriting = new ArrayList<>();
        MockHttpServletRequest request = pageRequest();
        new CsrfTokenFirst().doFilter(request, new MockHttpServletResponse(),
                (req, res) -> inSessionWhileWriting.add(repository.loadToken((HttpServletRequest) req)));
        assertThat(inSessionWhileWriting).singleElement().isNotNull();
        // and it is the token the page's forms carry
        assertThat(((CsrfToken) request.getAttribute(CsrfToken.class.getName())).getToken()).isNotBlank();
    }

    @Test
    void springSecurityAloneDefersTheTokenUntilAFormAsksForIt() throws Exception {
        List<Object> inSessionWhileWriting = new ArrayList<>();
        MockHttpServletRequest request = pageRequest();
        // Spring Security's default: the token is deferred, so a page writing itself finds none in the session yet
        inSessionWhileWriting.add(repository.loadToken(request));
        assertThat(inSessionWhileWriting).containsOnlyNulls();
    }

    private MockHttpServletRequest pageRequest() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/login/enrol");
        MockHttpServletResponse response = new MockHttpServletResponse();
        request.getSession(true);
        DeferredCsrfToken deferred = repository.loadDeferredToken(request, response);
        new XorCsrfTokenRequestAttributeHandler().handle(request, response, deferred::get);
        return request;
    }
}
