package io.holi.platform.internal;

import io.holi.platform.HoliException;
import io.holi.platform.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Refuses what no route can read, before anything parses it: a query string that is not percent-encoded UTF-8
 * or carries a NUL character (400 naming the parameter), a form body that is not valid UTF-8 (400), and a
 * Content-Type that is a pattern ({@code application/*}) rather than a media type (415).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestInputFilter extends OncePerRequestFilter {

    private final ProblemWriter problems;

    RequestInputFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<HoliException.FieldError> query = queryProblem(request.getQueryString());
        if (query.isPresent()) {
            HoliException.FieldError e = query.get();
            problems.write(response, ProblemWriter.problem(HttpStatus.BAD_REQUEST, e.field() + ": " + e.message(), List.of(e)));
            return;
        }
        String contentType = request.getContentType();
        if (contentType != null && !isConcrete(contentType)) {
            problems.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must name one media type, such as application/json");
            return;
        }
        try {
            // a form body is decoded here, once, so that broken UTF-8 is a 400 and not a failure deep in a filter
            request.getParameterMap();
        } catch (IllegalStateException e) {
            problems.write(response, HttpStatus.BAD_REQUEST, "The form body is not valid percent-encoded UTF-8");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isConcrete(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** The first parameter of the query string that cannot be read, and why; empty when all can. */
    static Optional<HoliException.FieldError> queryProblem(String query) {
        if (query == null || query.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            Optional<String> name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (name.isEmpty() || name.get().indexOf('\u0000') >= 0) {
                return Optional.of(new HoliException.FieldError("(a parameter name)",
                        "must be percent-encoded UTF-8 text without NUL characters"));
            }
            Optional<String> value = eq < 0 ? Optional.of("") : decode(pair.substring(eq + 1));
            if (value.isEmpty()) {
                return Optional.of(new HoliException.FieldError(name.get(), "must be percent-encoded UTF-8 text"));
            }
            if (value.get().indexOf('\u0000') >= 0) {
                return Optional.of(new HoliException.FieldError(name.get(), "must not contain a NUL character"));
            }
        }
        return Optional.empty();
    }

    /** Percent-decodes strictly: a malformed escape or bytes that are not UTF-8 give empty. */
    private static Optional<String> decode(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
