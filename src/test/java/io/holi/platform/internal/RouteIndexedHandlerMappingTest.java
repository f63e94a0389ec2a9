package io.holi.platform.internal;

import io.holi.testing.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.http.server.PathContainer;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The route index changes which routes Spring MVC asks, never what it answers: every route of the application, asked
 * with every method and with paths that almost match, maps to the same handler (or the same refusal) as through
 * Spring's own mapping of the same controllers.
 */
class RouteIndexedHandlerMappingTest extends ApiTest {

    /** The methods asked; PREFLIGHT is a CORS preflight (OPTIONS with Origin and Access-Control-Request-Method). */
    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "PREFLIGHT", "PROPFIND"};

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Autowired
    ApplicationContext context;

    @Test
    void everyRouteMapsAsThroughSpringsOwnMapping() throws Exception {
        assertThat(mapping).isInstanceOf(RouteIndexedHandlerMapping.class);
        RequestMappingHandlerMapping plain = new RequestMappingHandlerMapping();
        plain.setApplicationContext(context);
        plain.setEmbeddedValueResolver(new org.springframework.beans.factory.config.EmbeddedValueResolver(
                ((org.springframework.context.ConfigurableApplicationContext) context).getBeanFactory()));
        plain.setPatternParser(mapping.getPatternParser());
        plain.setContentNegotiationManager(mapping.getContentNegotiationManager());
        plain.afterPropertiesSet();
        assertThat(plain.getHandlerMethods().keySet()).as("the same routes").isEqualTo(mapping.getHandlerMethods().keySet());
        assertThat(mapping.getHandlerMethods()).hasSizeGreaterThan(100);

        Set<String> paths = new LinkedHashSet<>();
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            for (PathPattern pattern : info.getPathPatternsCondition().getPatterns()) {
                paths.addAll(variants(concrete(pattern.getPatternString())));
            }
        }
        paths.addAll(List.of("/", "//", "/nothing/here", "/api", "/api/", "/API/patients", "/fhir", "/error", "/web"));
        java.util.Map<String, String> expected = new java.util.LinkedHashMap<>();
        int handled = 0;
        for (String path : paths) {
            for (String method : METHODS) {
                String ours = outcome(mapping, method, path);
                String spring = outcome(plain, method, path);
                assertThat(ours).as(method + " " + path).isEqualTo(spring);
                expected.put(method + " " + path, spring);
                handled += ours.startsWith("handler ") ? 1 : 0;
            }
        }
        // the comparison covered the routes themselves, not only refusals
        assertThat(handled).isGreaterThan(mapping.getHandlerMethods().size() / 2);
        assertThat(expected).hasSizeGreaterThan(1_000);

        // many threads at once, more than the index has slots, so that threads share slots: still the same answers
        List<String> asked = new ArrayList<>(expected.keySet());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(300);
        try {
            List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 300; t++) {
                int first = t;
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        String key = asked.get((first * 7919 + i * 31) % asked.size());
                        int space = key.indexOf(' ');
                        assertThat(outcome(mapping, key.substring(0, space), key.substring(space + 1))).as(key).isEqualTo(expected.get(key));
                    }
                }));
            }
            for (var run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The route's handler, or how it refused, as text. */
    private static String outcome(RequestMappingHandlerMapping m, String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method.equals("PREFLIGHT") ? "OPTIONS" : method, path);
        if (method.equals("PREFLIGHT")) {
            request.addHeader("Origin", "https://elsewhere.example");
            request.addHeader("Access-Control-Request-Method", "POST");
        }
        request.addHeader("Accept", "application/json, text/html;q=0.9, */*;q=0.1");
        if (List.of("POST", "PUT", "PATCH", "PROPFIND").contains(method)) {
            request.setContentType("application/json");
        }
        ServletRequestPathUtils.parseAndCache(request);
        try {
            HandlerExecutionChain chain = m.getHandler(request);
            if (chain == null) {
                return "none";
            }
            Object handler = chain.getHandler();
            return "handler " + (handler instanceof HandlerMethod hm ? hm.getMethod().toGenericString() : handler.getClass().getName())
                    + " " + request.getAttribute(org.springframework.web.servlet.HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        } catch (Exception e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** The pattern with a value in place of each variable and wildcard. */
    private static String concrete(String pattern) {
        return pattern.replaceAll("\\{\\*[^}]*}", "a/b").replaceAll("\\{[^}]*}", "6f1e8a52-3c4b-4d2e-9f10-7a8b9c0d1e2f")
                .replace("**", "x/y").replace("*", "x");
    }

    /** The index does its work: a patient read is offered to a handful of the ~130 routes, not to all of them. */
    @Test
    void aPatientReadIsOfferedToAFewRoutesOnly() {
        var index = (RouteIndexedHandlerMapping) mapping;
        String read = "/api/patients/6f1e8a52-3c4b-4d2e-9f10-7a8b9c0d1e2f";
        assertThat(index.offered("GET", read)).isBetween(1, 3);
        assertThat(index.offered("GET", read + "/notes")).isBetween(1, 3);
        assertThat(index.offered("DELETE", read)).isBetween(1, 3);
        // and Spring's walk over every registration is skipped: the direct lookup asks the routes filed under the path's
        // number of elements and first two segments, and the few whose patterns cannot be filed so
        assertThat(index.filed(read)).isBetween(1, 12);
        assertThat(index.filed("/api/nothing/here")).isLessThan(8);
        // HEAD and OPTIONS are not filtered by method: every route of that shape
        assertThat(index.offered("HEAD", read)).isGreaterThan(index.offered("GET", read)).isLessThan(mapping.getHandlerMethods().size() / 5);
    }

    /** The path, and paths that differ from it where the index looks: the first two segments. */
    private static List<String> variants(String path) {
        List<String> v = new ArrayList<>(List.of(path, path + "/", path + "/extra", "/" + path, path.toUpperCase()));
        String[] parts = path.split("/", -1);
        if (parts.length > 1 && !parts[1].isEmpty()) {
            v.add(path.replaceFirst("^/" + java.util.regex.Pattern.quote(parts[1]), "/" + parts[1] + ";v=1"));
            v.add(path.replaceFirst("^/" + java.util.regex.Pattern.quote(parts[1]), "/%" + Integer.toHexString(parts[1].charAt(0)) + parts[1].substring(1)));
            v.add(path.replaceFirst("^/" + java.util.regex.Pattern.quote(parts[1]), "/" + parts[1] + "x"));
        }
        if (parts.length > 2 && !parts[2].isEmpty()) {
            v.add(path.replaceFirst("^/" + java.util.regex.Pattern.quote(parts[1] + "/" + parts[2]), "/" + parts[1] + "//" + parts[2]));
            v.add(path.replaceFirst("^/" + java.util.regex.Pattern.quote(parts[1] + "/" + parts[2]), "/" + parts[1] + "/" + parts[2] + ";jsessionid=1"));
        }
        return v;
    }

    @Test
    void aPatternIsDescribedByItsLeadingSegmentsAndItsLength() {
        assertShape("/api/patients/{id}", 6, "api", "patients", null);
        assertShape("/api/patients", 4, "api", "patients");
        assertShape("/api/patients/{id}/notes/", 9, "api", "patients", null, "notes");
        assertShape("/api", 2, "api");
        assertShape("/", 1);
        assertShape("/assets/favicon.svg", 4, "assets", "favicon.svg");
        assertShape("/{tenant}/x", 4, null, "x");
        // a segment that may span, skip or split segments ends what the shape knows, and its length is unknown
        assertShape("/fhir/{type}/{id}/_history/{*rest}", -1, "fhir", null, null, "_history");
        assertShape("/fhir/{id:[0-9]+}/x", -1, "fhir");
        assertShape("/web/*.css", -1, "web");
        assertShape("/web/**", -1, "web");
        assertShape("/a/b{c}/d", -1, "a");
        assertShape("/a//b", -1, "a");
        assertThat(Routes.Shape.of("/**")).isNull();
        assertThat(Routes.Shape.of("/*.css")).isNull();
        assertThat(Routes.Shape.of("")).isNull();
        assertThat(Routes.Shape.of("/caf%C3%A9/x")).isNull();
        assertThat(Routes.Shape.of("/a\\{b/x")).isNull();
    }

    private static void assertShape(String pattern, int elements, String... segments) {
        Routes.Shape shape = Routes.Shape.of(pattern);
        assertThat(shape).as(pattern).isNotNull();
        assertThat(shape.segments()).as(pattern).containsExactly(segments);
        assertThat(shape.elements()).as(pattern).isEqualTo(elements);
    }

    @Test
    void aRequestIsFilteredByMethodOnlyForTheIndexedMethods() {
        var getOnly = new Routes.Route(null, Routes.methodBit("GET"));
        var path = Routes.PathShape.of(PathContainer.parsePath("/x"), 1);
        assertThat(getOnly.mayMatch(path, Routes.methodBit("GET"))).isTrue();
        assertThat(getOnly.mayMatch(path, Routes.methodBit("POST"))).isFalse();
        // HEAD may be answered by a GET route, OPTIONS by any: neither is filtered
        assertThat(Routes.methodBit("HEAD")).isZero();
        assertThat(Routes.methodBit("OPTIONS")).isZero();
        assertThat(getOnly.mayMatch(path, 0)).isTrue();
        var any = new Routes.Route(null, -1);
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
            assertThat(any.mayMatch(path, Routes.methodBit(method))).as(method).isTrue();
        }
    }

    /** No path a pattern matches is ever kept from it: random paths near random patterns, checked against PathPattern. */
    @Test
    void theIndexNeverHidesAPathFromAPatternThatMatchesIt() {
        Random random = new Random(18);
        String[] words = {"api", "patients", "Api", "fhir", "web", "a", "b", "favicon.svg", "x-y", "%61pi", "api;v=1", "", "a.css"};
        PathPatternParser parser = new PathPatternParser();
        int matched = 0;
        int exact = 0;
        for (int i = 0; i < 300_000; i++) {
            StringBuilder pattern = new StringBuilder();
            StringBuilder path = new StringBuilder();
            int segments = 1 + random.nextInt(5);
            for (int s = 0; s < segments; s++) {
                String word = words[random.nextInt(words.length)];
                pattern.append('/').append(switch (random.nextInt(10)) {
                    case 0, 1 -> "{v" + s + "}";
                    case 2 -> "*";
                    case 3 -> "{v" + s + ":[a-z]+}";
                    case 4 -> s == segments - 1 ? "{*rest}" : "**";
                    case 5 -> "*.css";
                    default -> word.replace("%", "").replace(";v=1", "");
                });
                path.append('/').append(random.nextInt(4) == 0 ? words[random.nextInt(words.length)] : word);
                if (random.nextInt(8) == 0) {
                    path.append("/").append(words[random.nextInt(words.length)]);
                }
            }
            if (random.nextInt(5) == 0) {
                pattern.append('/');
            }
            if (random.nextInt(5) == 0) {
                path.append('/');
            }
            PathPattern parsed;
            try {
                parsed = parser.parse(pattern.toString());
            } catch (RuntimeException invalid) {
                continue;
            }
            PathContainer container = PathContainer.parsePath(path.toString());
            if (parsed.matches(container)) {
                matched++;
                Routes.Shape shape = Routes.Shape.of(pattern.toString());
                if (shape != null) {
                    exact += shape.elements() >= 0 ? 1 : 0;
                    assertThat(shape.mayMatch(container)).as(pattern + " matches " + path).isTrue();
                    // as a request reads it: once, as deep as the deepest route looks
                    assertThat(shape.mayMatch(Routes.PathShape.of(container, 8))).as(pattern + " matches " + path).isTrue();
                }
            }
        }
        assertThat(matched).isGreaterThan(5_000);
        assertThat(exact).as("patterns whose length the index uses").isGreaterThan(1_000);
    }

    /** Two threads that share a slot: each is given only its own request's path, never the other's. */
    @Test
    void threadsSharingASlotNeverReadEachOthersPath() throws Exception {
        List<java.util.concurrent.ExecutorService> threads = new ArrayList<>();
        java.util.concurrent.ExecutorService first = null;
        java.util.concurrent.ExecutorService second = null;
        java.util.Map<Long, java.util.concurrent.ExecutorService> bySlot = new java.util.HashMap<>();
        try {
            while (second == null) {
                var thread = java.util.concurrent.Executors.newSingleThreadExecutor();
                threads.add(thread);
                long slot = thread.submit(() -> Thread.currentThread().getId() & (RequestSlots.SLOTS - 1)).get();
                if (bySlot.containsKey(slot)) {
                    first = bySlot.get(slot);
                    second = thread;
                } else {
                    bySlot.put(slot, thread);
                }
            }
            var slots = new RequestSlots();
            var a = new MockHttpServletRequest("GET", "/api/patients/1");
            var b = new MockHttpServletRequest("GET", "/web/patients");
            var index = RouteIndex.EMPTY;
            var pathA = Routes.PathShape.of(PathContainer.parsePath("/api/patients/1"), 2);
            var pathB = Routes.PathShape.of(PathContainer.parsePath("/web/patients"), 2);
            Object outerA = first.submit(() -> slots.enter(a, index, pathA, 1)).get();
            assertThat(first.submit(() -> slots.slotOf(a).path()).get()).isSameAs(pathA);
            Object outerB = second.submit(() -> slots.enter(b, index, pathB, 1)).get();
            assertThat(first.submit(() -> slots.slotOf(a)).get()).as("the slot now names the other thread's request").isNull();
            assertThat(second.submit(() -> slots.slotOf(b).path()).get()).isSameAs(pathB);
            assertThat(second.submit(() -> slots.slotOf(a)).get()).isNull();
            second.submit(() -> slots.exit(outerB)).get();
            assertThat(first.submit(() -> slots.slotOf(a).path()).get()).isSameAs(pathA);
            first.submit(() -> slots.exit(outerA)).get();
            assertThat(first.submit(() -> slots.slotOf(a)).get()).isNull();
        } finally {
            threads.forEach(java.util.concurrent.ExecutorService::shutdownNow);
        }
    }
}
