package io.holi.status;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param url             HOLI_STATUS_URL: where the static page is published, {@code s3://bucket[/prefix]} or
 *                        {@code file:///path}; empty means {@code status/} in holi's own object store
 * @param publicUrl       HOLI_STATUS_PUBLIC_URL: where readers find the published page (links in the feed and JSON)
 * @param probe           when each instance probes and the page is published (a cron, every minute by default; "-" off)
 * @param sloPercent      the monthly uptime objective (manual 6.1)
 * @param slowDatabase    a database slower than this to answer {@code SELECT 1} is "degraded performance"
 * @param historyDays     days of uptime bars on the page
 * @param probeRetention  how long each minute's probe is kept once rolled up into its day
 * @param vendorCheck     how often an instance asks an outside service (the AI service) whether it answers
 */
@ConfigurationProperties("holi.status")
public record StatusProperties(String url, String publicUrl, @DefaultValue("0 * * * * *") String probe,
                               @DefaultValue("99.9") double sloPercent, @DefaultValue("1s") Duration slowDatabase,
                               @DefaultValue("90") int historyDays, @DefaultValue("8d") Duration probeRetention,
                               @DefaultValue("5m") Duration vendorCheck) {
}
