package io.holi.ops.internal;

import io.holi.ops.OpsProperties;
import io.holi.platform.Check;
import io.holi.platform.HoliProperties;
import io.holi.platform.OperationalCheck;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

/** The quarterly review (manual 9 and 10.1) over the vendor inventory and the compliance items under version control. */
@Component
class ComplianceCheck implements OperationalCheck {

    private final OpsProperties properties;
    private final ZoneId zone;

    ComplianceCheck(OpsProperties properties, HoliProperties holi) {
        this.properties = properties;
        this.zone = holi.clinic().timeZone();
    }

    @Override
    public String name() {
        return "Compliance files";
    }

    @Override
    public Cadence cadence() {
        return Cadence.QUARTERLY;
    }

    @Override
    public int order() {
        return 10;
    }

    @Override
    public List<Check> run() {
        return ComplianceFiles.quarterly(properties.complianceDir(), LocalDate.now(zone));
    }
}
