package io.holi.audit.internal;

import io.holi.audit.AuditAction;
import io.holi.audit.AuditAnomalies;
import io.holi.audit.AuditChain;
import io.holi.audit.AuditTrail;
import io.holi.audit.ChainReports;
import io.holi.platform.Check;
import io.holi.platform.OperationalCheck;
import io.holi.platform.OperationalCheck.Cadence;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The checklists' questions about the audit trail, asked of the audit trail itself. */
@Configuration(proxyBeanMethods = false)
class AuditChecks {

    @Bean
    OperationalCheck failedSignInsLastHour(AuditTrail audit, AuditCheckThresholds t) {
        return OperationalCheck.of("Failed sign-ins, last hour", Cadence.DAILY, 30, () -> List.of(failedSignIns(
                audit.countSince(Optional.of(AuditAction.LOGIN_FAILED), Instant.now().minus(Duration.ofHours(1))), t)));
    }

    @Bean
    OperationalCheck securityEventsLastDay(AuditTrail audit, AuditCheckThresholds t) {
        return OperationalCheck.of("Security events, 24 h", Cadence.DAILY, 70, () -> {
            Instant since = Instant.now().minus(Duration.ofHours(24));
            return securityEvents(audit.countSince(Optional.of(AuditAction.LOGIN_FAILED), since),
                    audit.countSince(Optional.of(AuditAction.UNAUTHORIZED_ACCESS), since),
                    audit.countSince(Optional.of(AuditAction.PERMISSION_DENIED), since), t);
        });
    }

    @Bean
    OperationalCheck auditTrailSealed(JdbcClient jdbc, AuditCheckThresholds t) {
        return OperationalCheck.of("Audit trail sealed", Cadence.DAILY, 120, () -> {
            long unsealed = jdbc.sql("SELECT count(*) FROM audit_logs WHERE \"timestamp\" < now() - make_interval(secs => ?) "
                            + "AND id > (SELECT coalesce(max(last_id), 0) FROM holi_ops.audit_seals)")
                    .param((double) t.sealLag().toSeconds()).query(Long.class).single();
            return List.of(Check.of("Audit trail sealed", unsealed == 0, Check.Status.WARNING,
                    unsealed + " rows older than " + t.sealLag().toMinutes() + " min unsealed", "0",
                    "is holi serve's sealer running? holi audit seal"));
        });
    }

    @Bean
    OperationalCheck auditReviewLastWeek(ObjectProvider<AuditAnomalies> anomalies) {
        return OperationalCheck.of("Audit review, last 7 days", Cadence.WEEKLY, 60, () -> {
            var r = anomalies.getObject().detect(Instant.now().minus(Duration.ofDays(7)), Instant.now());
            return List.of(Check.of("Audit review, last 7 days", r.clean(), Check.Status.WARNING, r.findings().size() + " finding(s) "
                    + r.counts(), "none unexplained", "holi audit review; holi audit anomalies --since 7d"));
        });
    }

    @Bean
    OperationalCheck auditChainIntact(ObjectProvider<AuditChain> chain) {
        return OperationalCheck.of("Audit chain", Cadence.WEEKLY, 80, () -> {
            ChainReports.Verified v = chain.getObject().verify();
            return List.of(Check.of("Audit chain", v.ok(), Check.Status.FAILURE, v.batches() + " batches, " + v.rows() + " rows; head "
                    + v.head(), "intact", v.firstBreak().map(x -> "TAMPERING in batch " + x.batch() + ": " + x.reason()
                    + " (runbook HIPAA_AUDIT_LOG_FAILURE.md)").orElse("")));
        });
    }

    @Bean
    OperationalCheck auditCoverageLastMonth(AuditCoverage coverage) {
        return OperationalCheck.of("Audit coverage", Cadence.MONTHLY, 30, () -> List.of(coverage.check()));
    }

    static Check failedSignIns(long lastHour, AuditCheckThresholds t) {
        return Check.of("Failed sign-ins, last hour", lastHour < t.failedSignInsPerHour(), Check.Status.WARNING, String.valueOf(lastHour),
                "< " + t.failedSignInsPerHour(), "look for a brute-force pattern: holi audit anomalies --since 1h (runbook FAILED_AUTH.md)");
    }

    static List<Check> securityEvents(long loginFailed, long unauthorized, long denied, AuditCheckThresholds t) {
        return List.of(
                Check.of("LOGIN_FAILED, 24 h", loginFailed <= t.loginFailedPerDay(), Check.Status.FAILURE, String.valueOf(loginFailed),
                        "<= " + t.loginFailedPerDay(), "potential brute force: escalate; holi audit anomalies --since 24h"),
                Check.of("UNAUTHORIZED_ACCESS, 24 h", unauthorized <= t.unauthorizedPerDay(), Check.Status.FAILURE,
                        String.valueOf(unauthorized), "<= " + t.unauthorizedPerDay(), "investigate: escalate"),
                Check.ok("PERMISSION_DENIED, 24 h", String.valueOf(denied), "reviewed weekly"));
    }
}
