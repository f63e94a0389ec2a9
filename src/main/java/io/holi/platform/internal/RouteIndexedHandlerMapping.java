package io.holi.platform.internal;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.PathContainer;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

import java.lang.reflect.Method;
import java.util.Comparator;

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
 * methods by its own scan of every route, which the index does not touch). For GET, POST, PUT, PATCH and DELETE the
 * index goes further and skips Spring's walk over the registrations altogether ({@link #lookupDirect}).
 */
final class RouteIndexedHandlerMapping extends RequestMappingHandlerMapping {

    /** Copied on write: a request reads one index from start to end. */
    private volatile RouteIndex index = RouteIndex.EMPTY;

    private final RequestSlots mapping = new RequestSlots();

    @Override
    protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo info) {
        super.registerHandlerMethod(handler, method, info);
        HandlerMethod registered = getHandlerMethods().get(info);
        Routes.Route route = Routes.Route.of(info);
        synchronized (this) {
            index = index.with(new RouteIndex.Candidate(info, route, registered));
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
        RouteIndex current = index;
        Routes.PathShape path = Routes.PathShape.of(ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication(), current.depth());
        int method = Routes.methodBit(request.getMethod());
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
    private HandlerMethod lookupDirect(RouteIndex current, Routes.PathShape path, int method, String lookupPath, HttpServletRequest request) {
        RouteIndex.Candidate best = null;
        RequestMappingInfo bestMatch = null;
        Comparator<RequestMappingInfo> order = null;
        boolean tied = false;
        for (RouteIndex.Candidate[] group : current.filed(path)) {
            if (group == null) {
                continue;
            }
            for (RouteIndex.Candidate c : group) {
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
            Routes.Route route = slot.index().route(info);
            if (route != null && !route.mayMatch(slot.path(), slot.method())) {
                return null;
            }
        }
        return super.getMatchingMapping(info, request);
    }

    /** How many routes a request with this method and path is offered to (Spring's matching then asks only those). */
    int offered(String method, String path) {
        RouteIndex current = index;
        Routes.PathShape shape = Routes.PathShape.of(PathContainer.parsePath(path), current.depth());
        int bit = Routes.methodBit(method);
        return (int) getHandlerMethods().keySet().stream().map(current::route)
                .filter(route -> route == null || route.mayMatch(shape, bit))
                .count();
    }

    /** How many routes the direct lookup asks for a path: those filed under its shape, and the rest. */
    int filed(String path) {
        RouteIndex current = index;
        int asked = 0;
        for (RouteIndex.Candidate[] group : current.filed(Routes.PathShape.of(PathContainer.parsePath(path), current.depth()))) {
            asked += group == null ? 0 : group.length;
        }
        return asked;
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
