package io.holi.patients;

import java.util.List;

public record SearchResult(List<PatientSummary> items, int page, int size, boolean hasMore) {
}
