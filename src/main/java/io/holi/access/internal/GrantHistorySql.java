package io.holi.access.internal;

import io.holi.audit.GrantHistory;
import org.springframework.stereotype.Component;

/** The grants' history, as the audit module's anomaly detection asks about it. */
@Component
class GrantHistorySql implements GrantHistory {

    @Override
    public String grantInForce(String userColumn, String patientColumn, String atColumn) {
        // created a second after the record at most: the registration's own grant joins its transaction
        return "EXISTS (SELECT 1 FROM " + GrantRepository.TABLE + " g WHERE g.user_id = " + userColumn + " AND g.patient_id = "
                + patientColumn + " AND g.created_at <= " + atColumn + " + interval '1 second'"
                + " AND (g.revoked_at IS NULL OR g.revoked_at >= " + atColumn + ")"
                + " AND (g.expires_at IS NULL OR g.expires_at >= " + atColumn + "))";
    }
}
