package io.holi.platform.internal;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;

import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * For {@link RouteIndexedHandlerMapping}, what each route can match, how many segments their shapes look at, and the
 * routes filed for a direct lookup: by the number of path elements and the literal first two segments of their
 * patterns (every route whose patterns all have a fixed number of elements), the others in {@code rest}. Copied on
 * write: a request reads one index from start to end.
 */
record RouteIndex(Map<RequestMappingInfo, Candidate> routes, int depth, Map<Bucket, Candidate[]> buckets, Candidate[] rest) {

    static final RouteIndex EMPTY = new RouteIndex(new IdentityHashMap<>(), 0, Map.of(), new Candidate[0]);

    RouteIndex with(Candidate added) {
        Map<RequestMappingInfo, Candidate> routes = new IdentityHashMap<>(this.routes);
        routes.put(added.info(), added);
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
        return new RouteIndex(routes, Math.max(depth, added.route().depth()), Map.copyOf(buckets), rest);
    }

    RouteIndex without(RequestMappingInfo removed) {
        RouteIndex rebuilt = EMPTY;
        for (Candidate c : routes.values()) {
            if (c.info() != removed) {
                rebuilt = rebuilt.with(c);
            }
        }
        return rebuilt;
    }

    /** What a registered route can match; null for a route the index has not seen (Spring asks it). */
    Routes.Route route(RequestMappingInfo info) {
        Candidate c = routes.get(info);
        return c == null ? null : c.route();
    }

    /**
     * The routes a path of this shape can match by its number of elements and first two segments (more may be ruled
     * out after): those filed under both segments, under the first and any second, and under any first.
     */
    Candidate[][] filed(Routes.PathShape path) {
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
        Candidate[] longer = Arrays.copyOf(to, to.length + 1);
        longer[to.length] = c;
        return longer;
    }

    /** A route's registration as the direct lookup needs it: its mapping, what it can match, and its handler. */
    record Candidate(RequestMappingInfo info, Routes.Route route, HandlerMethod handlerMethod) {
    }

    /**
     * Where the direct lookup files a route: the number of path elements of a pattern and its first two segments when
     * they are literals (null: a variable, or no such segment).
     */
    record Bucket(int elements, String first, String second) {
    }
}
