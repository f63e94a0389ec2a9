package io.holi.patients.internal;

import io.holi.patients.Patient;
import io.holi.patients.PatientInput;
import io.holi.patients.PatientService;
import io.holi.patients.SearchResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

@RestController
@RequestMapping("/api/patients")
@Tag(name = "Patients")
class PatientController {

    private final PatientService patients;

    PatientController(PatientService patients) {
        this.patients = patients;
    }

    @PostMapping
    @Operation(summary = "Register a patient; the caller gets a grant to it. Returns the id and a generated MRN.")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<Patient> create(@Valid @RequestBody PatientInput input) {
        return ResponseEntity.status(HttpStatus.CREATED).body(patients.create(input));
    }

    @GetMapping("/{id}")
    @Operation(summary = "A patient's demographics (needs a grant or break-glass); audited as READ.")
    Patient get(@PathVariable UUID id) {
        return patients.get(id);
    }

    @PutMapping("/{id}")
    @Operation(summary = "Replace a patient's demographics; audited as UPDATE.")
    Patient update(@PathVariable UUID id, @Valid @RequestBody PatientInput input) {
        return patients.update(id, input);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Remove a patient (soft delete; ADMIN or a granted clinician); audited as DELETE.")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        patients.delete(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping
    @Operation(summary = "Search the patients the caller may access: name fragment, MRN, exact email/phone/national id, birth date.")
    SearchResult search(@RequestParam Optional<String> query, @RequestParam Optional<LocalDate> dateOfBirth,
                        @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
                        @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return patients.search(query, dateOfBirth, page, size);
    }
}
