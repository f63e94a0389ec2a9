package io.holi.fhir.internal;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.StringType;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The kick-off request of Bulk Data's asynchronous pattern: checked, accepted with 202 and where to poll. */
final class ExportKickOff {

    private static final Set<String> NDJSON = Set.of("application/fhir+ndjson", "application/ndjson", "ndjson");

    private ExportKickOff() {
    }

    static void accept(BulkExports exports, String level, Optional<UUID> group, StringType type, StringType since,
                       StringType outputFormat, ServletRequestDetails request) {
        String prefer = request.getHeader("Prefer");
        if (prefer == null || !prefer.contains("respond-async")) {
            throw new InvalidRequestException("Prefer: respond-async is required: a bulk export answers later, at the URL this request returns");
        }
        if (outputFormat != null && outputFormat.getValue() != null && !NDJSON.contains(outputFormat.getValue())) {
            throw new InvalidRequestException("_outputFormat: holi writes application/fhir+ndjson only");
        }
        String url = request.getCompleteUrl();
        UUID id = exports.kickOff(level, group, value(type), value(since).map(ExportKickOff::instant), url);
        var response = request.getServletResponse();
        response.setStatus(202);
        response.setHeader("Content-Location", request.getFhirServerBase() + "/bulk-status/" + id);
        response.setContentLength(0);
    }

    static Instant instant(String since) {
        try {
            DateTimeType t = new DateTimeType(since);
            if (t.getPrecision().ordinal() < ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND.ordinal() || t.getTimeZone() == null) {
                throw new IllegalArgumentException();
            }
            return t.getValue().toInstant();
        } catch (RuntimeException e) {
            throw new InvalidRequestException("_since: must be a FHIR instant with a time zone, e.g. 2026-01-01T00:00:00Z");
        }
    }

    private static Optional<String> value(StringType t) {
        return Optional.ofNullable(t).map(StringType::getValue).filter(v -> !v.isBlank());
    }
}
