package io.holi.access;

/** What a caller wants to do with a patient's records; the PHI gate decides per purpose. */
public enum Purpose {
    READ_DEMOGRAPHICS(false, Category.DEMOGRAPHICS),
    WRITE_DEMOGRAPHICS(true, Category.DEMOGRAPHICS),
    READ_APPOINTMENTS(false, Category.APPOINTMENTS),
    WRITE_APPOINTMENTS(true, Category.APPOINTMENTS),
    READ_CLINICAL(false, Category.CLINICAL),
    WRITE_CLINICAL(true, Category.CLINICAL),
    EXPORT(false, Category.EVERYTHING),
    DELETE_PATIENT(true, Category.DEMOGRAPHICS);

    public enum Category { DEMOGRAPHICS, APPOINTMENTS, CLINICAL, EVERYTHING }

    private final boolean write;
    private final Category category;

    Purpose(boolean write, Category category) {
        this.write = write;
        this.category = category;
    }

    public boolean isWrite() {
        return write;
    }

    public Category category() {
        return category;
    }
}
