package io.holi.audit;

import java.util.List;

public record AuditPage(List<AuditRecord> items, int page, int size, long total) {
}
