package io.holi.prescribing.internal;

import io.holi.prescribing.Prescription;
import io.holi.prescribing.PrescriptionInput;
import io.holi.prescribing.PrescriptionService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

@RestController
@Tag(name = "Prescribing")
class PrescriptionController {

    record Discontinue(@NotBlank(message = "is required") @Size(max = 500, message = "must be at most 500 characters") String reason) {
        @Override
        public String toString() {
            return "Discontinue[redacted]";
        }
    }

    record Items(List<Prescription> items) {
    }

    private final PrescriptionService prescriptions;

    PrescriptionController(PrescriptionService prescriptions) {
        this.prescriptions = prescriptions;
    }

    @PostMapping("/api/patients/{id}/prescriptions")
    @Operation(summary = "Prescribe (clinicians with a grant).")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<Prescription> prescribe(@PathVariable UUID id, @Valid @RequestBody PrescriptionInput input) {
        return ResponseEntity.status(HttpStatus.CREATED).body(prescriptions.prescribe(id, input));
    }

    @GetMapping("/api/patients/{id}/prescriptions")
    @Operation(summary = "A patient's prescriptions.")
    Items list(@PathVariable UUID id) {
        return new Items(prescriptions.forPatient(id));
    }

    @PostMapping("/api/prescriptions/{id}/discontinue")
    @Operation(summary = "Discontinue a prescription with a reason; 409 if already discontinued.")
    Prescription discontinue(@PathVariable UUID id, @Valid @RequestBody Discontinue body) {
        return prescriptions.discontinue(id, body.reason());
    }
}
