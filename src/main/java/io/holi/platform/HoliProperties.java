package io.holi.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.util.List;

/**
 * Settings shared by every module. Environment variables map onto them ({@code HOLI_DATA_DIR} →
 * {@code holi.data-dir}); {@code DATABASE_URL} keeps the manual's name.
 *
 * @param mode whether this process serves or runs one command; decides what runs in the background
 */
@ConfigurationProperties("holi")
public record HoliProperties(
        @DefaultValue("./holi-data") Path dataDir,
        @DefaultValue("serve") Mode mode,
        @DefaultValue Database database,
        @DefaultValue Web web,
        @DefaultValue Clinic clinic) {

    /**
     * @param url                      the manual's DATABASE_URL; empty means the embedded cluster
     * @param poolSize                 connections held by this instance
     * @param serverPreparedStatements keep server-side prepared statements; leave off behind PgBouncer in
     *                                 transaction pooling mode (the default for an external database)
     */
    public record Database(String url, @DefaultValue("20") int poolSize, Boolean serverPreparedStatements) {
    }

    /**
     * @param trustedProxies addresses or CIDR ranges whose X-Forwarded-For is believed
     * @param maxBodySize    larger request bodies get 413
     */
    public record Web(@DefaultValue List<String> trustedProxies, @DefaultValue("1MB") DataSize maxBodySize) {
    }

    /**
     * @param timeZone the clinic's time zone: what "today" and "after hours" mean
     * @param name     the clinic's name, as patients and staff know it (the status page's title)
     */
    public record Clinic(@DefaultValue("UTC") java.time.ZoneId timeZone, @DefaultValue("holi") String name) {
    }

    public boolean serving() {
        return mode == Mode.SERVE;
    }

    /** What this process is. {@code holi.mode} is read by name by the conditions on background work. */
    public enum Mode {
        /** {@code holi serve}: the web application, the API and the scheduled procedures */
        SERVE,
        /** a one-shot command: no web server, nothing in the background */
        CLI
    }
}
