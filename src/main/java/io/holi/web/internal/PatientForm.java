package io.holi.web.internal;

import io.holi.patients.Patient;
import io.holi.patients.PatientInput;
import io.holi.patients.Sex;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The register/edit form as typed: strings, so a wrong date is shown back to the user as they typed it. */
record PatientForm(String firstName, String lastName, String dateOfBirth, String sex, String email, String phone,
                   String address, String nationalId) {

    static PatientForm empty() {
        return new PatientForm("", "", "", "", "", "", "", "");
    }

    static PatientForm of(Patient p) {
        return new PatientForm(p.firstName(), p.lastName(), String.valueOf(p.dateOfBirth()), p.sex() == null ? "" : p.sex().name(),
                orEmpty(p.email()), orEmpty(p.phone()), orEmpty(p.address()), orEmpty(p.nationalId()));
    }

    /** The input, or the errors that keep it from being one (a date that is no date, a sex that is none of the four). */
    List<PageErrors.Item> parseErrors() {
        List<PageErrors.Item> errors = new ArrayList<>();
        if (!blank(dateOfBirth) && date() == null) {
            errors.add(Forms.item("dateOfBirth", "must be a date (YYYY-MM-DD)"));
        }
        if (!blank(sex) && sexValue() == null) {
            errors.add(Forms.item("sex", "must be one of female, male, other, unknown"));
        }
        return errors;
    }

    PatientInput input() {
        return new PatientInput(trim(firstName), trim(lastName), date(), sexValue(), nullIfBlank(email), nullIfBlank(phone),
                nullIfBlank(address), nullIfBlank(nationalId));
    }

    private LocalDate date() {
        try {
            return blank(dateOfBirth) ? null : LocalDate.parse(dateOfBirth.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private Sex sexValue() {
        try {
            return blank(sex) ? null : Sex.valueOf(sex.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String trim(String s) {
        return s == null ? null : s.strip();
    }

    private static String nullIfBlank(String s) {
        return blank(s) ? null : s.strip();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
