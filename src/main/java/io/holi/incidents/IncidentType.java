package io.holi.incidents;

/** What kind of incident: a security/privacy incident gets a breach assessment. */
public enum IncidentType {
    AVAILABILITY("Availability"), SECURITY_PRIVACY("Security / privacy"), DATA_INTEGRITY("Data integrity");

    private final String label;

    IncidentType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
