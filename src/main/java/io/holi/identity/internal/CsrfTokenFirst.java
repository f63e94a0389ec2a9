package io.holi.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Makes a page's CSRF token before the page is written. Spring Security makes it when a form first asks for it,
 * and the session keeps it when the request ends; a page larger than the response buffer (the second-factor
 * enrolment page with its QR code) has by then already reached the browser, so a quick submit — a password
 * manager, a test, a fast typist — could arrive before the session held the token, and was refused as "This form
 * has expired". Made first, the token is in the session before any byte of the page leaves.
 */
final class CsrfTokenFirst extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
            token.getToken();
        }
        chain.doFilter(request, response);
    }
}
