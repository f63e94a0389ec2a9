package io.holi.platform.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import org.junit.jupiter.api.Test;
import org.slf4j.MarkerFactory;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.logging.structured.StructuredLogFormatterFactory;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * holi's ECS lines are Spring Boot's ECS lines: for every shape of event the fast path writes, the same string as
 * Boot's own formatter; for every other shape, Boot's formatter writes it; and a configuration that changes what
 * Boot writes turns the fast path off.
 */
class EcsLogFormatterTest {

    private static final Instant AT = Instant.parse("2026-12-02T22:27:56.953594734Z");

    @Test
    void theAccessLineIsWrittenByTheFastPathExactlyAsBootWritesIt() {
        EcsLogFormatter formatter = formatter(environment());
        assertThat(formatter.fastPathOn()).isTrue();
        LoggingEvent access = event("io.holi.http", Level.INFO, "GET /api/patients/{id} 200 3.4 ms", "http-nio-8080-exec-1",
                Map.of("requestId", "0b0c9f1e-8a4f-4a43-9d6c-5b7f1fb2c0aa"));
        access.addKeyValuePair(new KeyValuePair("http.method", "GET"));
        access.addKeyValuePair(new KeyValuePair("http.route", "/api/patients/{id}"));
        access.addKeyValuePair(new KeyValuePair("http.status", 200));
        access.addKeyValuePair(new KeyValuePair("duration_ms", 3.4123));
        access.addKeyValuePair(new KeyValuePair("user.id", UUID.fromString("32702805-6e4f-4081-9671-2da1c44f7ddd")));

        assertThat(formatter.fastLine(access)).isEqualTo("{\"@timestamp\":\"2026-12-02T22:27:56.953594734Z\","
                + "\"log\":{\"level\":\"INFO\",\"logger\":\"io.holi.http\"},\"process\":{\"pid\":4242,\"thread\":{\"name\":"
                + "\"http-nio-8080-exec-1\"}},\"service\":{\"name\":\"holi\",\"node\":{}},\"message\":\"GET /api/patients/{id} 200 "
                + "3.4 ms\",\"requestId\":\"0b0c9f1e-8a4f-4a43-9d6c-5b7f1fb2c0aa\",\"http\":{\"method\":\"GET\",\"route\":"
                + "\"/api/patients/{id}\",\"status\":200},\"duration_ms\":3.4123,\"user\":{\"id\":\"32702805-6e4f-4081-9671-"
                + "2da1c44f7ddd\"},\"ecs\":{\"version\":\"8.11\"}}\n");
        assertThat(formatter.fastLine(access)).isEqualTo(formatter.bootLine(access));
        assertThat(formatter.formatAsBytes(access, StandardCharsets.UTF_8))
                .isEqualTo(formatter.bootLine(access).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyCharacterNumberAndNestingIsWrittenAsBootWritesIt() {
        EcsLogFormatter formatter = formatter(environment());
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x200; c++) {
            every.append(c);
        }
        every.append("/\u2028\u2029\uFEFF中文 😀 \uD800 end");
        List<LoggingEvent> events = new ArrayList<>();
        for (Level level : List.of(Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN, Level.ERROR)) {
            events.add(event("io.holi.x", level, "plain"));
        }
        LoggingEvent characters = event("logger \"quoted\" \\ " + every, Level.INFO, every.toString(), every.toString(),
                Map.of("key " + every, every.toString()));
        characters.addKeyValuePair(new KeyValuePair("value", every.toString()));
        events.add(characters);

        LoggingEvent numbers = event("io.holi.numbers", Level.INFO, "numbers");
        Object[] values = {0, -1, Integer.MAX_VALUE, Long.MIN_VALUE, (short) 7, (byte) -8, 0.0, -0.0, 1e-7, 1e21, 123.456,
                Double.MAX_VALUE, Double.MIN_VALUE, 3.4f, 1e-9f, true, false, null, "", UUID.randomUUID()};
        for (int i = 0; i < values.length; i++) {
            numbers.addKeyValuePair(new KeyValuePair("n" + i, values[i]));
        }
        events.add(numbers);

        Map<String, String> mdc = new LinkedHashMap<>();
        mdc.put("a.b", "1");
        mdc.put("requestId", "r");
        mdc.put("deep.er.still", "d");
        LoggingEvent nesting = event("io.holi.nesting", Level.INFO, "nesting", "main", mdc);
        nesting.addKeyValuePair(new KeyValuePair("a.c", 2));
        nesting.addKeyValuePair(new KeyValuePair("x", "x"));
        nesting.addKeyValuePair(new KeyValuePair("a.d.e", 3L));
        nesting.addKeyValuePair(new KeyValuePair("deep.er.too", false));
        events.add(nesting);

        for (LoggingEvent e : events) {
            assertThat(formatter.fastLine(e)).as("the fast path writes %s", e.getLoggerName()).isNotNull()
                    .isEqualTo(formatter.bootLine(e));
        }
    }

    @Test
    void randomEventsOfTheOrdinaryShapeComeOutAsBootsOwn() {
        EcsLogFormatter formatter = formatter(environment());
        Random random = new Random(18);
        String[] keys = {"a", "b.c", "b.d", "http.method", "http.status", "user.id", "requestId", "e.f.g", "e.f.h", "z"};
        Object[] values = {"text", "é\"\\\n\t\u0000\u007f\u0085", 1, 2L, 2.5, -0.125f, true, null, UUID.randomUUID(), ""};
        int written = 0;
        for (int i = 0; i < 2_000; i++) {
            Map<String, String> mdc = new HashMap<>();
            for (int k = random.nextInt(3); k > 0; k--) {
                mdc.put(keys[random.nextInt(keys.length)], String.valueOf(values[random.nextInt(2)]));
            }
            LoggingEvent e = event("io.holi.random", Level.INFO, "message " + values[random.nextInt(2)] + i, "t" + i, mdc);
            for (int k = random.nextInt(6); k > 0; k--) {
                e.addKeyValuePair(new KeyValuePair(keys[random.nextInt(keys.length)], values[random.nextInt(values.length)]));
            }
            String fast = formatter.fastLine(e);
            if (fast != null) {
                written++;
                assertThat(fast).isEqualTo(formatter.bootLine(e));
            }
            assertThat(outcome(() -> formatter.format(e))).isEqualTo(fast != null ? fast : outcome(() -> formatter.bootLine(e)));
        }
        // keys like "a" and "a.b" in one event conflict and go to Boot; most events are written by the fast path
        assertThat(written).isGreaterThan(1_000);
    }

    @Test
    void anyOtherShapeIsBootsToWrite() {
        EcsLogFormatter formatter = formatter(environment());
        List<LoggingEvent> others = new ArrayList<>();
        LoggingEvent error = event("io.holi.error", Level.ERROR, "failed");
        error.setThrowableProxy(new ThrowableProxy(new IllegalStateException("broken \"here\"")));
        others.add(error);
        LoggingEvent marked = event("io.holi.marked", Level.INFO, "marked");
        marked.addMarker(MarkerFactory.getMarker("AUDIT"));
        others.add(marked);
        for (Object value : new Object[] {List.of(1, 2), Map.of("k", "v"), Instant.EPOCH, new BigDecimal("1.50"),
                Double.NaN, Float.POSITIVE_INFINITY, new int[] {1}, 'c', new StringBuilder("sb")}) {
            LoggingEvent e = event("io.holi.value", Level.INFO, "value");
            e.addKeyValuePair(new KeyValuePair("v", value));
            others.add(e);
        }
        for (String key : new String[] {"", ".a", "a.", "a..b"}) {
            LoggingEvent e = event("io.holi.key", Level.INFO, "key");
            e.addKeyValuePair(new KeyValuePair(key, "v"));
            others.add(e);
        }
        for (LoggingEvent e : others) {
            assertThat(formatter.fastLine(e)).as("%s goes to Boot", e.getLoggerName()).isNull();
            assertThat(formatter.format(e)).isEqualTo(formatter.bootLine(e));
        }
        assertThat(formatter.format(error)).contains("\"error\":{\"type\":\"java.lang.IllegalStateException\"");
        assertThat(formatter.format(marked)).contains("\"tags\":[\"AUDIT\"]");

        // a key given twice, or as a value and as an object: Boot refuses the event, and so does holi
        for (String[] keys : new String[][] {{"x", "x"}, {"a", "a.b"}, {"a.b", "a"}, {"a.b", "a.b"}}) {
            LoggingEvent twice = event("io.holi.twice", Level.INFO, "twice");
            twice.addKeyValuePair(new KeyValuePair(keys[0], 1));
            twice.addKeyValuePair(new KeyValuePair(keys[1], 2));
            assertThat(formatter.fastLine(twice)).isNull();
            assertThat(outcome(() -> formatter.format(twice))).isEqualTo(outcome(() -> formatter.bootLine(twice)));
        }
    }

    @Test
    void serviceDetailsAndAMissingPidAreWrittenAsBootWritesThem() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("logging.structured.ecs.service.name", "holi \"clinic\"")
                .withProperty("logging.structured.ecs.service.version", "1.2.3")
                .withProperty("logging.structured.ecs.service.environment", "production")
                .withProperty("logging.structured.ecs.service.node-name", "node-1");
        EcsLogFormatter formatter = formatter(environment);
        assertThat(formatter.fastPathOn()).isTrue();
        LoggingEvent e = event("io.holi.service", Level.INFO, "service");
        assertThat(formatter.fastLine(e)).isEqualTo(formatter.bootLine(e)).doesNotContain("pid")
                .contains("\"version\":\"1.2.3\"", "node-1", "production");
    }

    @Test
    void aConfigurationThatChangesBootsLinesTurnsTheFastPathOff() {
        for (String[] setting : new String[][] {{"logging.structured.json.exclude", "process.pid"},
                {"logging.structured.json.rename.message", "msg"}, {"logging.structured.json.add.team", "clinic"},
                {"logging.structured.json.context.prefix", "ctx"}, {"logging.structured.json.context.include", "false"}}) {
            EcsLogFormatter formatter = formatter(environment().withProperty(setting[0], setting[1]));
            assertThat(formatter.fastPathOn()).as(setting[0]).isFalse();
            LoggingEvent e = event("io.holi.configured", Level.INFO, "configured", "main", Map.of("requestId", "r"));
            e.addKeyValuePair(new KeyValuePair("http.status", 200));
            assertThat(formatter.format(e)).isEqualTo(formatter.bootLine(e));
        }
    }

    @Test
    void bootsLineIsTheLineOfBootsOwnEcsEncoderAndHoliIsSelectedByName() {
        LoggingEvent e = event("io.holi.http", Level.INFO, "GET /api/me 200 1.0 ms", "main", Map.of("requestId", "r-1"));
        e.addKeyValuePair(new KeyValuePair("http.status", 200));
        e.addKeyValuePair(new KeyValuePair("duration_ms", 1.04));
        byte[] boots = encoder("ecs").encode(e);
        byte[] holis = encoder(EcsLogFormatter.class.getName()).encode(e);
        assertThat(new String(holis, StandardCharsets.UTF_8)).isEqualTo(new String(boots, StandardCharsets.UTF_8)).endsWith("}\n");
        assertThat(formatter(environment()).bootLine(e)).isEqualTo(new String(boots, StandardCharsets.UTF_8));
    }

    /** The line, or the exception's message: holi must fail where Boot fails, with the same words. */
    private static String outcome(Supplier<String> line) {
        try {
            return line.get();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static MockEnvironment environment() {
        return new MockEnvironment().withProperty("logging.structured.ecs.service.name", "holi")
                .withProperty("spring.application.pid", "4242");
    }

    private static EcsLogFormatter formatter(Environment environment) {
        LoggerContext context = new LoggerContext();
        ThrowableProxyConverter converter = new ThrowableProxyConverter();
        converter.setContext(context);
        converter.start();
        return (EcsLogFormatter) new StructuredLogFormatterFactory<>(ILoggingEvent.class, environment,
                parameters -> parameters.add(ThrowableProxyConverter.class, converter), formatters -> { })
                .get(EcsLogFormatter.class.getName());
    }

    private static StructuredLogEncoder encoder(String format) {
        LoggerContext context = new LoggerContext();
        context.putObject(Environment.class.getName(), environment());
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    private static LoggingEvent event(String logger, Level level, String message) {
        return event(logger, level, message, "http-nio-8080-exec-1", Map.of());
    }

    private static LoggingEvent event(String logger, Level level, String message, String thread, Map<String, String> mdc) {
        LoggingEvent e = new LoggingEvent();
        e.setInstant(AT);
        e.setLoggerName(logger);
        e.setLevel(level);
        e.setMessage(message);
        e.setThreadName(thread);
        e.setMDCPropertyMap(mdc);
        return e;
    }
}
