package io.holi.platform.internal;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spring MVC's mapping of requests to controller methods, asking only the routes that can match.
 * <p>
 * For a path with a variable in it ({@code /api/patients/{id}}) Spring MVC asks every route of the application whether
 * it matches, each one checking its method, media types and path pattern: about 130 routes, 20 % of the service's
 * samples in a profile of {@code bench/reads.sh}. Here each route is described once, when it is registered: for each of
 * its patterns the segments it starts with (a literal, or "any one segment" for a plain variable) and, when the pattern
 * has nothing that can span or skip segments, how many path elements it needs; and the methods it answers. A request is
 * offered only to the routes its path and method can match; Spring's own matching then decides among those, exactly
 * as before (the same handler, the same best match, the same 404, 405 and 415 answers: Spring finds a 405's allowed
 * methods by its own scan of every route, which the index does not touch).
 */
final class RouteIndexedHandlerMapping extends RequestMappingHandlerMapping {

    /** The methods the index files routes by; a request with another method (HEAD, OPTIONS, a preflight) is offered every route whose path may match. */
    private static final List<String> INDEXED_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    /**
     * What each route can match (a route missing here is always asked), how many segments their shapes look at, and the
     * routes filed for a direct lookup: by the number of path elements and the literal first two segments of their
     * patterns (every route whose patterns all have a fixed number of elements), the others in {@code rest}.
     */
    record Index(Map<RequestMappingInfo, Route> routes, int depth, Map<Bucket, Candidate[]> buckets, Candidate[] rest) {

        static final Index EMPTY = new Index(new IdentityHashMap<>(), 0, Map.of(), new Candidate[0]);

        Index with(Candidate added) {
            Map<RequestMappingInfo, Route> routes = new IdentityHashMap<>(this.routes);
            routes.put(added.info(), added.route());
            Map<Bucket, Candidate[]> buckets = new HashMap<>(this.buckets);
            Candidate[] rest = this.rest;
            List<Bucket> keys = added.route().buckets();
            if (keys == null) {
                rest = append(rest, added);
            } else {
                for (Bucket key : keys) {
                    buckets.put(key, append(buckets.getOrDefault(key, new Candidate[0]), added));
                }
            }
            return new Index(routes, Math.max(depth, added.route().depth()), Map.copyOf(buckets), rest);
        }

        Index without(RequestMappingInfo removed) {
            Index rebuilt = EMPTY;
            for (Candidate c : all()) {
                if (c.info() != removed) {
                    rebuilt = rebuilt.with(c);
                }
            }
            return rebuilt;
        }

        private List<Candidate> all() {
            Set<Candidate> all = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            all.addAll(List.of(rest));
            buckets.values().forEach(b -> all.addAll(List.of(b)));
            return List.copyOf(all);
        }

        /**
         * The routes a path of this shape can match by its number of elements and first two segments (more may be ruled
         * out after): those filed under both segments, under the first and any second, and under any first.
         */
        Candidate[][] filed(PathShape path) {
            String[] s = path.segments();
            String first = s.length > 0 ? s[0] : null;
            String second = s.length > 1 ? s[1] : null;
            return new Candidate[][] {
                    first == null || second == null ? null : buckets.get(new Bucket(path.elements(), first, second)),
                    first == null ? null : buckets.get(new Bucket(path.elements(), first, null)),
                    buckets.get(new Bucket(path.elements(), null, null)),
                    rest};
        }

        private static Candidate[] append(Candidate[] to, Candidate c) {
            Candidate[] longer = java.util.Arrays.copyOf(to, to.length + 1);
            longer[to.length] = c;
            return longer;
        }
    }

    /** A route's registration as the direct lookup needs it: its mapping, what it can match, and its handler. */
    record Candidate(RequestMappingInfo info, Route route, HandlerMethod handlerMethod) {
    }

    /**
     * Where the direct lookup files a route: the number of path elements of a pattern and its first two segments when
     * they are literals (null: a variable, or no such segment).
     */
    record Bucket(int elements, String first, String second) {
    }

    /** Copied on write: a request reads one index from start to end. */
    private volatile Index index = Index.EMPTY;

    private final RequestSlots mapping = new RequestSlots();

    @Override
    protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo info) {
        super.registerHandlerMethod(handler, method, info);
        HandlerMethod registered = getHandlerMethods().get(info);
        Route route = Route.of(info);
        synchronized (this) {
            index = index.with(new Candidate(info, route, registered));
        }
    }

    @Override
    public void unregisterMapping(RequestMappingInfo info) {
        super.unregisterMapping(info);
        synchronized (this) {
            index = index.without(info);
        }
    }

    @Override
    protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
        if (!ServletRequestPathUtils.hasParsedRequestPath(request) || !getPatternParser().isCaseSensitive()) {
            return super.lookupHandlerMethod(lookupPath, request);
        }
        Index current = index;
        PathShape path = PathShape.of(ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication(), current.depth());
        int method = methodBit(request.getMethod());
        if (method != 0) {
            HandlerMethod direct = lookupDirect(current, path, method, lookupPath, request);
            if (direct != null) {
                return direct;
            }
        }
        Object outer = mapping.enter(request, current, path, method);
        try {
            return super.lookupHandlerMethod(lookupPath, request);
        } finally {
            mapping.exit(outer);
        }
    }

    /**
     * Spring's choice among the few routes the index files this path under, without Spring's walk over all ~130
     * registrations (10 % of the service's samples in a profile of {@code bench/reads.sh} even with the walk filtered):
     * each candidate's conditions are matched by Spring ({@code getMatchingCondition}), the best match is chosen with
     * Spring's comparator and handled by Spring's {@code handleMatch}. Null whenever Spring must decide itself: no route
     * matches (its 404, 405, 406 and 415 answers read every route), or two match equally well (its ambiguity error).
     * Only for the indexed methods: HEAD, OPTIONS and CORS preflights always take Spring's way.
     */
    private HandlerMethod lookupDirect(Index current, PathShape path, int method, String lookupPath, HttpServletRequest request) {
        Candidate best = null;
        RequestMappingInfo bestMatch = null;
        Comparator<RequestMappingInfo> order = null;
        boolean tied = false;
        for (Candidate[] group : current.filed(path)) {
            if (group == null) {
                continue;
            }
            for (Candidate c : group) {
                if (!c.route().mayMatch(path, method)) {
                    continue;
                }
                RequestMappingInfo match = c.info().getMatchingCondition(request);
                if (match == null) {
                    continue;
                }
                if (best == null) {
                    best = c;
                    bestMatch = match;
                    continue;
                }
                if (order == null) {
                    order = getMappingComparator(request);
                }
                int compared = order.compare(match, bestMatch);
                if (compared < 0) {
                    tied = false;
                    best = c;
                    bestMatch = match;
                } else if (compared == 0) {
                    tied = true;
                }
            }
        }
        if (best == null || tied) {
            return null;
        }
        request.setAttribute(BEST_MATCHING_HANDLER_ATTRIBUTE, best.handlerMethod());
        handleMatch(bestMatch, lookupPath, request);
        return best.handlerMethod();
    }

    @Override
    protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
        RequestSlots.Slot slot = mapping.slotOf(request);
        if (slot != null) {
            Route route = slot.index().routes().get(info);
            if (route != null && !route.mayMatch(slot.path(), slot.method())) {
                return null;
            }
        }
        return super.getMatchingMapping(info, request);
    }

    /** How many routes a request with this method and path is offered to (Spring's matching then asks only those). */
    int offered(String method, String path) {
        Index current = index;
        PathShape shape = PathShape.of(PathContainer.parsePath(path), current.depth());
        int bit = methodBit(method);
        return (int) getHandlerMethods().keySet().stream().map(current.routes()::get)
                .filter(route -> route == null || route.mayMatch(shape, bit))
                .count();
    }

    /** How many routes the direct lookup asks for a path: those filed under its shape, and the rest. */
    int filed(String path) {
        Index current = index;
        int asked = 0;
        for (Candidate[] group : current.filed(PathShape.of(PathContainer.parsePath(path), current.depth()))) {
            asked += group == null ? 0 : group.length;
        }
        return asked;
    }

    /** The bit of an indexed method, 0 for any other (such a request is not filtered by method). */
    static int methodBit(String method) {
        int i = INDEXED_METHODS.indexOf(method);
        return i < 0 ? 0 : 1 << i;
    }

    /**
     * What a route can match: the shape of each of its patterns (null: any path) and the bits of the indexed methods
     * it answers (all bits when it declares no method).
     */
    record Route(Shape[] shapes, int methods) {

        static Route of(RequestMappingInfo info) {
            int methods = -1;
            Set<RequestMethod> declared = info.getMethodsCondition().getMethods();
            if (!declared.isEmpty()) {
                methods = 0;
                for (RequestMethod m : declared) {
                    methods |= methodBit(m.name());
                }
            }
            PathPatternsRequestCondition condition = info.getPathPatternsCondition();
            Shape[] shapes = null;
            if (condition != null && !condition.getPatterns().isEmpty()) {
                List<Shape> all = new ArrayList<>();
                for (PathPattern pattern : condition.getPatterns()) {
                    Shape shape = Shape.of(pattern.getPatternString());
                    if (shape == null) {
                        all = null;
                        break;
                    }
                    all.add(shape);
                }
                shapes = all == null ? null : all.toArray(Shape[]::new);
            }
            return new Route(shapes, methods);
        }

        /** The buckets of the direct lookup this route is filed in, one per distinct shape; null: it goes in the rest (a pattern that can span segments). */
        List<Bucket> buckets() {
            if (shapes == null) {
                return null;
            }
            List<Bucket> keys = new ArrayList<>();
            for (Shape shape : shapes) {
                String[] segments = shape.segments();
                if (shape.elements() < 0) {
                    return null;
                }
                String first = segments.length > 0 ? segments[0] : null;
                Bucket key = new Bucket(shape.elements(), first, first != null && segments.length > 1 ? segments[1] : null);
                if (!keys.contains(key)) {
                    keys.add(key);
                }
            }
            return keys;
        }

        /** How many leading segments the route's shapes look at. */
        int depth() {
            int depth = 0;
            if (shapes != null) {
                for (Shape shape : shapes) {
                    depth = Math.max(depth, shape.segments().length);
                }
            }
            return depth;
        }

        /** Whether a request with this path and method bit (0: not indexed) can match the route. */
        boolean mayMatch(PathShape path, int method) {
            if ((method & methods) != method) {
                return false;
            }
            if (shapes == null) {
                return true;
            }
            for (Shape shape : shapes) {
                if (shape.mayMatch(path)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The segments a pattern starts with, each a literal or null for "any one segment" (a plain variable), and the
     * number of path elements (separators and segments) the pattern needs, or -1 when it has a segment that is neither
     * (a wildcard, a regular expression, {@code **}, {@code {*rest}}) and may span, skip or split segments.
     */
    record Shape(String[] segments, int elements) {

        /** The shape of a pattern; null when it does not start with "/" followed by a literal or a plain variable. */
        static Shape of(String pattern) {
            if (!pattern.startsWith("/")) {
                return null;
            }
            if (pattern.equals("/")) {
                return new Shape(new String[0], 1);
            }
            String[] parts = pattern.substring(1).split("/", -1);
            List<String> segments = new ArrayList<>();
            boolean exact = true;
            for (int i = 0; i < parts.length; i++) {
                String part = parts[i];
                boolean last = i == parts.length - 1;
                if (part.isEmpty() && last) {
                    break;
                }
                if (isPlainLiteral(part)) {
                    segments.add(part);
                } else if (isPlainVariable(part)) {
                    segments.add(null);
                } else {
                    exact = false;
                    break;
                }
            }
            if (segments.isEmpty()) {
                return null;
            }
            boolean trailingSlash = pattern.endsWith("/");
            int elements = exact ? 2 * segments.size() + (trailingSlash ? 1 : 0) : -1;
            return new Shape(segments.toArray(String[]::new), elements);
        }

        /** Whether a path can match the pattern: the right number of elements, and its first segments as the pattern's. */
        boolean mayMatch(PathShape path) {
            if (elements >= 0 ? path.elements() != elements : path.elements() < 2 * segments.length) {
                return false;
            }
            String[] values = path.segments();
            if (values.length < segments.length) {
                return true; // read for a shorter index than this shape's: no answer from the index
            }
            for (int i = 0; i < segments.length; i++) {
                if (values[i] == null || segments[i] != null && !segments[i].equals(values[i])) {
                    return false;
                }
            }
            return true;
        }

        boolean mayMatch(PathContainer path) {
            return mayMatch(PathShape.of(path, segments.length));
        }
    }

    /**
     * What the index reads of a request's path, once per request rather than once per route: its number of elements
     * (separators and segments), and the decoded value of each of its first {@code depth} segments, compared as
     * {@code PathPattern} compares them; null from the first place where the path has no segment after a separator
     * (a doubled slash).
     */
    record PathShape(int elements, String[] segments) {

        static PathShape of(PathContainer path, int depth) {
            List<PathContainer.Element> elements = path.elements();
            String[] segments = new String[Math.min(depth, elements.size() / 2)];
            for (int i = 0; i < segments.length; i++) {
                if (!(elements.get(2 * i) instanceof PathContainer.Separator)
                        || !(elements.get(2 * i + 1) instanceof PathContainer.PathSegment segment)) {
                    break;
                }
                segments[i] = segment.valueToMatch();
            }
            return new PathShape(elements.size(), segments);
        }
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

    /** A segment that is one variable and nothing else ({@code {id}}): it matches exactly one non-empty path segment. */
    private static boolean isPlainVariable(String segment) {
        if (segment.length() < 3 || segment.charAt(0) != '{' || segment.charAt(segment.length() - 1) != '}') {
            return false;
        }
        for (int i = 1; i < segment.length() - 1; i++) {
            char c = segment.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
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
