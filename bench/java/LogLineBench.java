import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * The cost of one access log line (holi's per-request line, as RequestObservationFilter logs it) through Spring
 * Boot's ECS encoder and through holi's formatter: nanoseconds per encoded line, median of the rounds.
 * Run by bench/logline.sh.
 */
public class LogLineBench {

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        LoggerContext context = new LoggerContext();
        context.putObject(Environment.class.getName(), new MockEnvironment()
                .withProperty("logging.structured.ecs.service.name", "holi").withProperty("spring.application.pid", "4242"));
        StructuredLogEncoder boot = encoder(context, "ecs");
        StructuredLogEncoder holi = encoder(context, "io.holi.platform.internal.EcsLogFormatter");
        LoggingEvent line = new LoggingEvent("bench", context.getLogger("io.holi.http"), Level.INFO, "{} {} {} {}.{} ms", null,
                new Object[] {"GET", "/api/patients/{id}", "200", 3, 4});
        line.setThreadName("http-nio-8080-exec-12");
        line.setMDCPropertyMap(Map.of("requestId", UUID.randomUUID().toString()));
        line.addKeyValuePair(new KeyValuePair("http.method", "GET"));
        line.addKeyValuePair(new KeyValuePair("http.route", "/api/patients/{id}"));
        line.addKeyValuePair(new KeyValuePair("http.status", 200));
        line.addKeyValuePair(new KeyValuePair("duration_ms", 3.4123));
        line.addKeyValuePair(new KeyValuePair("user.id", UUID.randomUUID()));
        if (!Arrays.equals(boot.encode(line), holi.encode(line))) {
            throw new IllegalStateException("the two encoders wrote different lines");
        }
        System.out.print(new String(holi.encode(line), StandardCharsets.UTF_8));
        double[] bootNs = new double[rounds];
        double[] holiNs = new double[rounds];
        long sink = 0;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < lines; i++) {
                sink += boot.encode(line).length;
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < lines; i++) {
                sink += holi.encode(line).length;
            }
            long t2 = System.nanoTime();
            bootNs[r] = (t1 - t0) / (double) lines;
            holiNs[r] = (t2 - t1) / (double) lines;
        }
        Arrays.sort(bootNs);
        Arrays.sort(holiNs);
        System.out.printf("java %s, %d rounds of %,d lines each (%d bytes written)%n", System.getProperty("java.version"), rounds,
                lines, sink);
        System.out.printf("Spring Boot's ECS encoder: %,.0f ns per line (median)%n", bootNs[rounds / 2]);
        System.out.printf("holi's ECS formatter:      %,.0f ns per line (median), %.1fx cheaper%n", holiNs[rounds / 2],
                bootNs[rounds / 2] / holiNs[rounds / 2]);
    }

    private static StructuredLogEncoder encoder(LoggerContext context, String format) {
        StructuredLogEncoder encoder = new StructuredLogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }
}
