package io.holi.web.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Checks a form with the same constraints as the API's request bodies, and words each error for the page: the
 * field's label first ("Date of birth is required (YYYY-MM-DD)"), linked to its input by the field's id.
 */
@ConditionalOnWebApplication
@Component
class Forms {

    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("firstName", "First name"), Map.entry("lastName", "Last name"), Map.entry("dateOfBirth", "Date of birth"),
            Map.entry("sex", "Sex"), Map.entry("email", "Email"), Map.entry("phone", "Phone"), Map.entry("address", "Address"),
            Map.entry("nationalId", "National id"), Map.entry("startsAt", "Date and time"), Map.entry("durationMinutes", "Length"),
            Map.entry("clinicianId", "Clinician"), Map.entry("reason", "Reason"), Map.entry("medication", "Medication"),
            Map.entry("dosage", "Dosage"), Map.entry("route", "Route"), Map.entry("frequency", "Frequency"),
            Map.entry("quantity", "Quantity"), Map.entry("refills", "Refills"), Map.entry("instructions", "Instructions"),
            Map.entry("text", "Note"), Map.entry("password", "Password"), Map.entry("newPassword", "New password"),
            Map.entry("currentPassword", "Current password"), Map.entry("code", "Code"), Map.entry("role", "Role"),
            Map.entry("name", "Name"), Map.entry("userId", "User"), Map.entry("patientId", "Patient"), Map.entry("note", "Review note"));

    private final Validator validator;

    Forms(Validator validator) {
        this.validator = validator;
    }

    <T> List<PageErrors.Item> check(T form) {
        Set<ConstraintViolation<T>> violations = validator.validate(form);
        return violations.stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .map(v -> item(v.getPropertyPath().toString(), v.getMessage()))
                .toList();
    }

    /** One field, as the user leaves it (htmx inline validation). */
    <T> Optional<PageErrors.Item> checkField(Class<T> type, String field, Object value) {
        return validator.validateValue(type, field, value).stream().findFirst().map(v -> item(field, v.getMessage()));
    }

    static PageErrors.Item item(String field, String message) {
        return new PageErrors.Item(field, label(field) + " " + message);
    }

    static String label(String field) {
        return LABELS.getOrDefault(field, field);
    }

    /** Errors of an exception from a service, worded like the form's own. */
    static List<PageErrors.Item> of(io.holi.platform.HoliException e) {
        if (e.fieldErrors().isEmpty()) {
            return List.of(new PageErrors.Item(null, e.getMessage()));
        }
        return e.fieldErrors().stream().map(f -> item(f.field(), f.message())).toList();
    }
}
