package io.holi.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What {@code holi audit anomalies} finds: the manual's three checks and three more. */
public final class Anomalies {

    private Anomalies() {
    }

    public enum Check {
        /** more than the threshold (100) patient READ/EXPORT by one user in one day (possible exfiltration) */
        HIGH_VOLUME,
        /** a patient accessed, or an access attempted, without a grant in force at the time */
        NO_GRANT,
        /** more than 5 failed sign-ins from one IP address within an hour */
        FAILED_LOGINS,
        /** patient records accessed between 22:00 and 06:00, clinic time */
        AFTER_HOURS,
        /** patient charts exported */
        EXPORT,
        /** break-glass (emergency) access, to be reviewed */
        BREAK_GLASS
    }

    /**
     * @param who     the user's email or the IP address
     * @param subject a patient id, a day, or an hour, depending on the check
     */
    public record Finding(Check check, String who, String subject, long count, Instant first, Instant last, String detail) {
    }

    public record Report(Instant since, Instant until, List<Finding> findings, Map<Check, Long> counts, Duration took) {
        public boolean clean() {
            return findings.isEmpty();
        }
    }
}
