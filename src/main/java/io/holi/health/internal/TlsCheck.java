package io.holi.health.internal;

import io.holi.health.TlsCertificates;
import io.holi.platform.Check;
import io.holi.platform.OperationalCheck;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** The manual's certificate expiry check (2.2 step 3) over HOLI_TLS_HOSTS. */
@Component
class TlsCheck implements OperationalCheck {

    private final TlsCertificates tls;
    private final HealthCheckThresholds thresholds;

    TlsCheck(TlsCertificates tls, HealthCheckThresholds thresholds) {
        this.tls = tls;
        this.thresholds = thresholds;
    }

    @Override
    public String name() {
        return "TLS certificates";
    }

    @Override
    public Cadence cadence() {
        return Cadence.WEEKLY;
    }

    @Override
    public int order() {
        return 50;
    }

    @Override
    public List<Check> run() {
        if (tls.hosts().isEmpty()) {
            return List.of(Check.skipped("TLS certificates", "set HOLI_TLS_HOSTS"));
        }
        return List.of(judge(tls.check(), thresholds));
    }

    /** The worst of the hosts decides: unreachable or within the failure days fails, within the warning days warns. */
    static Check judge(List<TlsCertificates.Result> results, HealthCheckThresholds t) {
        List<String> values = new ArrayList<>();
        Check.Status worst = Check.Status.OK;
        for (TlsCertificates.Result r : results) {
            if (r.error().isPresent()) {
                values.add(r.host() + " unreachable");
                worst = Check.Status.FAILURE;
                continue;
            }
            long days = r.daysLeft();
            values.add(r.host() + " " + days + " days");
            if (days < t.tlsFailureDays()) {
                worst = Check.Status.FAILURE;
            } else if (days < t.tlsWarningDays() && worst == Check.Status.OK) {
                worst = Check.Status.WARNING;
            }
        }
        return new Check("TLS certificates", worst, String.join(", ", values), ">= " + t.tlsWarningDays() + " days left",
                worst == Check.Status.OK ? "" : "renew (runbook TLS_CERTIFICATE.md)");
    }
}
