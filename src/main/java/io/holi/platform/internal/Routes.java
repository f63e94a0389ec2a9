package io.holi.platform.internal;

import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.util.pattern.PathPattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** For {@link RouteIndexedHandlerMapping}: what a route can match, described once, and what the index reads of a request's path. */
final class Routes {

    private Routes() {
    }

    /** The methods the index files routes by; a request with another method (HEAD, OPTIONS, a preflight) is offered every route whose path may match. */
    private static final List<String> INDEXED_METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

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
        List<RouteIndex.Bucket> buckets() {
            if (shapes == null) {
                return null;
            }
            List<RouteIndex.Bucket> keys = new ArrayList<>();
            for (Shape shape : shapes) {
                String[] segments = shape.segments();
                if (shape.elements() < 0) {
                    return null;
                }
                String first = segments.length > 0 ? segments[0] : null;
                RouteIndex.Bucket key = new RouteIndex.Bucket(shape.elements(), first, first != null && segments.length > 1 ? segments[1] : null);
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
    static boolean isPlainLiteral(String segment) {
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
    static boolean isPlainVariable(String segment) {
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
}
