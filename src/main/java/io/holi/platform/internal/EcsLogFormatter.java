package io.holi.platform.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.StackTracePrinter;
import org.springframework.boot.logging.structured.ContextPairs;
import org.springframework.boot.logging.structured.ElasticCommonSchemaProperties;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;
import org.springframework.core.env.Environment;

import java.lang.reflect.Constructor;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Spring Boot's Elastic Common Schema lines, byte for byte, at a fraction of their cost for the lines holi writes
 * most: one per request. Boot's formatter walks a generic member tree per event and encodes through a new
 * {@code OutputStreamWriter} per line; at a few thousand requests a second on two cores that was 13.7 % of the
 * service's CPU. Here an event of the ordinary shape (no exception, no marker, context values that are strings,
 * numbers, booleans or ids under plain dotted keys) is written straight into one builder; anything else, and every
 * event when the configuration changes what Boot writes (a customizer, renamed or excluded members, a context
 * prefix), is Boot's own formatter's. Which of the two wrote a line is invisible in it: {@code EcsLogFormatterTest}
 * compares them on every shape, and at start a probe event must come out identical or the fast path stays off.
 *
 * <p>Selected by {@code logging.structured.format.console} (application.yml); {@code HOLI_LOG_FORMAT=ecs} still
 * gives Boot's formatter alone.
 */
public final class EcsLogFormatter implements StructuredLogFormatter<ILoggingEvent> {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final String BOOT_ECS = "org.springframework.boot.logging.logback.ElasticCommonSchemaStructuredLogFormatter";

    private final StructuredLogFormatter<ILoggingEvent> boot;
    private final String process;
    private final String service;
    private final boolean fast;

    public EcsLogFormatter(Environment environment, StackTracePrinter stackTracePrinter, ContextPairs contextPairs,
                           ThrowableProxyConverter throwableProxyConverter,
                           StructuredLoggingJsonMembersCustomizer.Builder<?> customizer) {
        this.boot = bootEcs(environment, stackTracePrinter, contextPairs, throwableProxyConverter, customizer);
        Long pid = environment.getProperty("spring.application.pid", Long.class);
        this.process = pid == null ? "\"process\":{\"thread\":{\"name\":" : "\"process\":{\"pid\":" + pid + ",\"thread\":{\"name\":";
        String members = JsonWriter.<Object>of(ElasticCommonSchemaProperties.get(environment)::jsonMembers).writeToString(new Object());
        this.service = members.length() > 2 ? members.substring(1, members.length() - 1) + "," : "";
        this.fast = environment.getProperty("logging.structured.json.customizer") == null && sameAsBoot(probe());
    }

    @Override
    public String format(ILoggingEvent event) {
        String line = fast ? fastLine(event) : null;
        return line != null ? line : boot.format(event);
    }

    @Override
    public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
        return format(event).getBytes(charset);
    }

    /** Whether the fast path is on (it is unless the configuration changes what Boot writes). */
    boolean fastPathOn() {
        return fast;
    }

    /** The line Boot's own formatter writes for this event, for comparison. */
    String bootLine(ILoggingEvent event) {
        return boot.format(event);
    }

    /** The fast path's line, or null when the event is not of the shape it writes. */
    String fastLine(ILoggingEvent event) {
        if (event.getThrowableProxy() != null || (event.getMarkerList() != null && !event.getMarkerList().isEmpty())
                || event.getFormattedMessage() == null || event.getThreadName() == null || event.getLoggerName() == null
                || event.getLevel() == null) {
            return null;
        }
        Map<String, Object> context = context(event.getMDCPropertyMap(), event.getKeyValuePairs());
        if (context == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(384);
        out.append("{\"@timestamp\":\"").append(event.getInstant()).append("\",\"log\":{\"level\":\"").append(event.getLevel())
                .append("\",\"logger\":");
        string(out, event.getLoggerName());
        out.append("},").append(process);
        string(out, event.getThreadName());
        out.append("}},").append(service).append("\"message\":");
        string(out, event.getFormattedMessage());
        for (Map.Entry<String, Object> e : context.entrySet()) {
            out.append(',');
            member(out, e.getKey(), e.getValue());
        }
        return out.append(",\"ecs\":{\"version\":\"8.11\"}}\n").toString();
    }

    /** MDC then key-value pairs, nested on dots as Boot nests them; null when a key or value is not plain. */
    private static Map<String, Object> context(Map<String, String> mdc, List<KeyValuePair> pairs) {
        Map<String, Object> context = new LinkedHashMap<>();
        if (mdc != null) {
            for (Map.Entry<String, String> e : mdc.entrySet()) {
                if (!put(context, e.getKey(), e.getValue())) {
                    return null;
                }
            }
        }
        if (pairs != null) {
            for (KeyValuePair pair : pairs) {
                if (!plain(pair.value) || !put(context, pair.key, pair.value)) {
                    return null;
                }
            }
        }
        return context;
    }

    private static boolean plain(Object value) {
        return value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
                || value instanceof Long || value instanceof Short || value instanceof Byte || value instanceof UUID
                || value instanceof Double d && Double.isFinite(d) || value instanceof Float f && Float.isFinite(f);
    }

    @SuppressWarnings("unchecked")
    private static boolean put(Map<String, Object> context, String key, Object value) {
        if (key == null || key.isEmpty() || key.startsWith(".") || key.endsWith(".") || key.contains("..")) {
            return false;
        }
        Map<String, Object> into = context;
        int from = 0;
        for (int dot = key.indexOf('.'); dot >= 0; from = dot + 1, dot = key.indexOf('.', from)) {
            Object inner = into.computeIfAbsent(key.substring(from, dot), k -> new LinkedHashMap<String, Object>());
            if (!(inner instanceof Map)) {
                return false;
            }
            into = (Map<String, Object>) inner;
        }
        // Boot refuses a key given twice ("Duplicate nested pairs"): such an event is left to it, to answer the same
        String leaf = key.substring(from);
        if (into.get(leaf) != null) {
            return false;
        }
        into.put(leaf, value);
        return true;
    }

    @SuppressWarnings("unchecked")
    private static void member(StringBuilder out, String name, Object value) {
        string(out, name);
        out.append(':');
        if (value instanceof Map<?, ?> inner) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : ((Map<String, Object>) inner).entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                member(out, e.getKey(), e.getValue());
            }
            out.append('}');
        } else if (value == null || value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            string(out, value.toString());
        }
    }

    /** A JSON string as Boot's JsonValueWriter escapes it. */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private boolean sameAsBoot(ILoggingEvent probe) {
        return boot.format(probe).equals(fastLine(probe));
    }

    private static ILoggingEvent probe() {
        LoggingEvent probe = new LoggingEvent();
        probe.setInstant(Instant.parse("2026-01-02T03:04:05.123456789Z"));
        probe.setLevel(Level.INFO);
        probe.setLoggerName("io.holi.http");
        probe.setThreadName("probe \"thread\"\t1");
        probe.setMessage("GET /api/patients/{id} 200 1.2 ms\n\u0001");
        probe.setMDCPropertyMap(Map.of("requestId", "00000000-0000-0000-0000-000000000001"));
        probe.addKeyValuePair(new KeyValuePair("http.method", "GET"));
        probe.addKeyValuePair(new KeyValuePair("http.status", 200));
        probe.addKeyValuePair(new KeyValuePair("duration_ms", 1.25));
        probe.addKeyValuePair(new KeyValuePair("user.id", UUID.fromString("00000000-0000-0000-0000-000000000002")));
        probe.addKeyValuePair(new KeyValuePair("ok", true));
        return probe;
    }

    @SuppressWarnings("unchecked")
    private static StructuredLogFormatter<ILoggingEvent> bootEcs(Environment environment, StackTracePrinter stackTracePrinter,
                                                                 ContextPairs contextPairs, ThrowableProxyConverter converter,
                                                                 StructuredLoggingJsonMembersCustomizer.Builder<?> customizer) {
        // Boot keeps its ECS formatter package-private; the fallback must be exactly it, so it is made the way
        // Boot's own encoder makes it. A Boot upgrade that changes this fails here, at start, not in a log line.
        try {
            Constructor<?> constructor = Class.forName(BOOT_ECS).getDeclaredConstructor(Environment.class, StackTracePrinter.class,
                    ContextPairs.class, ThrowableProxyConverter.class, StructuredLoggingJsonMembersCustomizer.Builder.class);
            constructor.setAccessible(true);
            return (StructuredLogFormatter<ILoggingEvent>) constructor.newInstance(environment, stackTracePrinter, contextPairs,
                    converter, customizer);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Spring Boot's ECS log formatter (" + BOOT_ECS + ") is not where holi expects it: "
                    + "this Spring Boot version needs holi's EcsLogFormatter updated (or set HOLI_LOG_FORMAT=ecs)", e);
        }
    }
}
