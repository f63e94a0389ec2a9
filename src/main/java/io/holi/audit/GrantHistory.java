package io.holi.audit;

/**
 * Whether a grant was in force when a record was written, as a SQL condition the anomaly detection can join into its
 * query over the trail. Implemented by the access module, which owns the grants: the audit module never names
 * their table.
 */
public interface GrantHistory {

    /**
     * A condition that holds when the user in {@code userColumn} held a grant to the patient in {@code patientColumn}
     * at the instant in {@code atColumn}.
     */
    String grantInForce(String userColumn, String patientColumn, String atColumn);
}
