package io.holi.reminders.internal;

import io.holi.reminders.Channel;
import io.holi.reminders.Consent;
import io.holi.reminders.Reminders;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Reminders")
class ConsentController {

    record ConsentChange(@NotNull(message = "is required (true: the patient agreed to reminders on this channel)") Boolean optedIn,
                         @Pattern(regexp = "en|es", message = "must be en or es") String language) {
    }

    private final Reminders reminders;

    ConsentController(Reminders reminders) {
        this.reminders = reminders;
    }

    @GetMapping("/api/patients/{id}/reminders")
    @Operation(summary = "A patient's consent to reminders (per channel: given or not, when, by whom) and the latest reminders "
            + "with their status; audited as a read of the patient's demographics.")
    Reminders.PatientReminders list(@PathVariable UUID id) {
        return reminders.forPatient(id);
    }

    @PutMapping("/api/patients/{id}/reminders/consent/{channel}")
    @Operation(summary = "Record the patient's consent to reminders by SMS or EMAIL (or its withdrawal) and the messages' language; "
            + "audited as an update of the patient's demographics.")
    Consent consent(@PathVariable UUID id, @PathVariable Channel channel, @Valid @RequestBody ConsentChange change) {
        return reminders.setConsent(id, channel, change.optedIn(), change.language());
    }
}
