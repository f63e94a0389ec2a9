package io.holi.chart.internal;

import io.holi.chart.ChartExport;
import io.holi.chart.PatientChart;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

@RestController
@Tag(name = "Patients")
class ChartController {

    private final ChartExport export;

    ChartController(ChartExport export) {
        this.export = export;
    }

    @GetMapping("/api/patients/{id}/export")
    @Operation(summary = "Every record of a patient as one JSON document (clinician or administrator with a grant); audited as EXPORT.")
    ResponseEntity<PatientChart> export(@PathVariable UUID id) {
        PatientChart chart = export.export(id);
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"patient-" + chart.patient().mrn() + ".json\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(chart);
    }
}
