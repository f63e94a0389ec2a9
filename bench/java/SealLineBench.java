/** The seal's v2 line of an audit row, before (per-character appends, DateTimeFormatter) and after: java -cp target/classes bench/java/SealLineBench.java */
import io.holi.audit.internal.SealedRows;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

public class SealLineBench {
    static final DateTimeFormatter F = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    static String old(long id, Instant timestamp, String... values) {
        StringBuilder b = new StringBuilder(256).append(id).append('\t').append(F.format(timestamp));
        for (String v : values) {
            b.append('\t');
            if (v == null) { b.append("\\N"); continue; }
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                switch (c) {
                    case '\\' -> b.append("\\\\");
                    case '\t' -> b.append("\\t");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    default -> b.append(c);
                }
            }
        }
        return b.toString();
    }
    public static void main(String[] a) {
        String[] row = {"3f1c0a2e-0000-4000-8000-000000000001", "user7@clinic.test", "CLINICIAN", "READ", "Patient",
                "6f1e8a52-3c4b-4d2e-9f10-7a8b9c0d1e2f", "6f1e8a52-3c4b-4d2e-9f10-7a8b9c0d1e2f", "10.0.0.7", "wrk", "0b9c2f3e-1d2a-4b5c-8d7e-6f5a4b3c2d1e", "SUCCESS", "{\"purpose\": \"READ_DEMOGRAPHICS\"}"};
        Instant t0 = Instant.parse("2026-12-03T02:00:00.123456Z");
        long sink = 0;
        for (int round = 0; round < 7; round++) {
            long s = System.nanoTime();
            for (int i = 0; i < 1_000_000; i++) sink += old(i, t0.plusNanos(i * 1000L), row).length();
            long m = System.nanoTime();
            for (int i = 0; i < 1_000_000; i++) sink += SealedRows.v2Line(i, t0.plusNanos(i * 1000L), row).length();
            long e = System.nanoTime();
            System.out.printf("round %d: before %.0f ns a line, after %.0f ns%n", round, (m - s) / 1e6, (e - m) / 1e6);
        }
        System.out.println(sink);
    }
}
