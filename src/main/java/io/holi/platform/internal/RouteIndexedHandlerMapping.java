package io.holi.platform.internal;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.PathContainer;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spring MVC's mapping of requests to controller methods, asking only the routes that can match.
 * <p>
 * For a path with a variable in it ({@code /api/patients/{id}}) Spring MVC asks every route of the application whether
 * it matches, each one checking its method, media types and path pattern: about 130 routes, 20 % of the service's
 * CPU in a profile of {@code bench/reads.sh}. Here each route is filed under the literal first segments of its
 * patterns ({@code api/patients}), and a request is offered only to the routes whose segments it starts with, plus
 * the routes that start with a variable or a wildcard; Spring's own matching then decides among those, exactly as
 * before (the same handler, the same best match, the same 404, 405 and 415 answers).
 */
final class RouteIndexedHandlerMapping extends RequestMappingHandlerMapping {

    /** How many leading literal segments a route is filed under. */
    static final int DEPTH = 2;

    /** The leading literal segments of each pattern of a route; a route missing here is always asked. Copied on write. */
    private volatile Map<RequestMappingInfo, String[][]> prefixes = new IdentityHashMap<>();

    private final RequestSlots mapping = new RequestSlots();

    @Override
    protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo info) {
        super.registerHandlerMethod(handler, method, info);
        String[][] literal = literalPrefixes(info);
        if (literal != null) {
            synchronized (this) {
                Map<RequestMappingInfo, String[][]> copy = new IdentityHashMap<>(prefixes);
                copy.put(info, literal);
                prefixes = copy;
            }
        }
    }

    @Override
    protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
        if (!ServletRequestPathUtils.hasParsedRequestPath(request) || !getPatternParser().isCaseSensitive()) {
            return super.lookupHandlerMethod(lookupPath, request);
        }
        Object outer = mapping.enter(request, ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication());
        try {
            return super.lookupHandlerMethod(lookupPath, request);
        } finally {
            mapping.exit(outer);
        }
    }

    @Override
    protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
        PathContainer path = mapping.pathOf(request);
        if (path != null) {
            String[][] literal = prefixes.get(info);
            if (literal != null && !mayMatch(literal, path)) {
                return null;
            }
        }
        return super.getMatchingMapping(info, request);
    }

    /**
     * The leading literal segments of each of the route's patterns (up to {@link #DEPTH}), or null when one of them
     * starts with anything but a plain literal: such a route is asked for every request.
     */
    static String[][] literalPrefixes(RequestMappingInfo info) {
        PathPatternsRequestCondition condition = info.getPathPatternsCondition();
        if (condition == null || condition.getPatterns().isEmpty()) {
            return null;
        }
        List<String[]> all = new ArrayList<>();
        for (PathPattern pattern : condition.getPatterns()) {
            String[] literal = literalPrefix(pattern.getPatternString());
            if (literal == null) {
                return null;
            }
            all.add(literal);
        }
        return all.toArray(String[][]::new);
    }

    /** "/api/patients/{id}" → [api, patients]; null when the pattern does not start with "/" and a plain literal. */
    static String[] literalPrefix(String pattern) {
        if (!pattern.startsWith("/")) {
            return null;
        }
        List<String> literal = new ArrayList<>();
        int start = 1;
        while (literal.size() < DEPTH && start < pattern.length()) {
            int end = pattern.indexOf('/', start);
            if (end < 0) {
                end = pattern.length();
            }
            String segment = pattern.substring(start, end);
            if (!isPlainLiteral(segment)) {
                break;
            }
            literal.add(segment);
            start = end + 1;
        }
        return literal.isEmpty() ? null : literal.toArray(String[]::new);
    }

    /** A segment PathPatternParser reads as a literal compared character for character with the decoded path segment. */
    private static boolean isPlainLiteral(String segment) {
        if (segment.isEmpty()) {
            return false;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~')) {
                return false;
            }
        }
        return true;
    }

    /** Whether a path can match one of the patterns: it starts with the literal segments of at least one of them. */
    static boolean mayMatch(String[][] literal, PathContainer path) {
        List<PathContainer.Element> elements = path.elements();
        for (String[] segments : literal) {
            if (startsWith(elements, segments)) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(List<PathContainer.Element> elements, String[] segments) {
        if (elements.size() < 2 * segments.length) {
            return false;
        }
        for (int i = 0; i < segments.length; i++) {
            if (!(elements.get(2 * i) instanceof PathContainer.Separator)
                    || !(elements.get(2 * i + 1) instanceof PathContainer.PathSegment segment)
                    || !segment.valueToMatch().equals(segments[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The request each thread is mapping, and its path, in a slot chosen by the thread's id. Spring asks
     * {@link #getMatchingMapping} once per route, and a {@code ThreadLocal} lookup that often was itself 6 % of the
     * service's samples. A slot answers only for the very request it names: when two threads share a slot, the one that
     * finds the other's request there gets no path, and its request is mapped without the index (the same answer, by
     * Spring's full scan). The records' final fields make a slot safe to read from any thread.
     */
    static final class RequestSlots {

        static final int SLOTS = 256;

        private record Slot(HttpServletRequest request, PathContainer path) {
        }

        private final Slot[] slots = new Slot[SLOTS];

        private static int index() {
            return (int) (Thread.currentThread().getId() & (SLOTS - 1));
        }

        /** This thread maps {@code request} now; returns what to give {@link #exit} when it is done. */
        Object enter(HttpServletRequest request, PathContainer path) {
            int i = index();
            Slot outer = slots[i];
            slots[i] = new Slot(request, path);
            return outer;
        }

        void exit(Object outer) {
            slots[index()] = (Slot) outer;
        }

        /** The path of {@code request} if this thread's slot holds it, else null. */
        PathContainer pathOf(HttpServletRequest request) {
            Slot slot = slots[index()];
            return slot != null && slot.request() == request ? slot.path() : null;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        WebMvcRegistrations routeIndexedHandlerMapping() {
            return new WebMvcRegistrations() {
                @Override
                public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
                    return new RouteIndexedHandlerMapping();
                }
            };
        }
    }
}
