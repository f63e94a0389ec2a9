package io.holi.ops.internal;

import io.holi.platform.Check;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The manual's vendor inventory (section 9) and quarterly compliance items (section 10.1), kept as YAML files
 * in {@code deploy/compliance/} under version control, and the quarterly checks over them.
 */
public final class ComplianceFiles {

    static final int QUARTER_DAYS = 92;

    private ComplianceFiles() {
    }

    public static List<Check> quarterly(Path dir, LocalDate today) {
        List<Check> checks = new ArrayList<>();
        Path vendorsFile = dir.resolve("vendors.yml");
        Path itemsFile = dir.resolve("quarterly.yml");
        if (!Files.exists(vendorsFile)) {
            checks.add(Check.failure("Vendor inventory", vendorsFile + " is missing", "present", "copy deploy/compliance/vendors.yml from holi and fill it in"));
        } else {
            List<Map<String, Object>> vendors = list(vendorsFile, "vendors");
            List<String> unsigned = new ArrayList<>();
            List<String> overdue = new ArrayList<>();
            for (Map<String, Object> v : vendors) {
                String name = String.valueOf(v.get("name"));
                if ("required".equalsIgnoreCase(String.valueOf(v.get("baa"))) && date(v.get("baa_signed")) == null) {
                    unsigned.add(name + " (" + v.get("criticality") + ")");
                }
                LocalDate reviewed = date(v.get("last_review"));
                if (reviewed == null || ChronoUnit.DAYS.between(reviewed, today) > QUARTER_DAYS) {
                    overdue.add(name + (reviewed == null ? " (never)" : " (" + reviewed + ")"));
                }
            }
            checks.add(Check.of("BAAs signed", unsigned.isEmpty(), Check.Status.FAILURE, unsigned.isEmpty() ? vendors.size() + " vendors, every required BAA signed"
                    : unsigned.size() + " required BAA(s) not signed: " + String.join(", ", unsigned), "every required BAA signed",
                    "no PHI may reach these vendors until their BAA is signed; record the date in " + vendorsFile));
            checks.add(Check.of("Vendor reviews", overdue.isEmpty(), Check.Status.WARNING, overdue.isEmpty() ? "all reviewed this quarter"
                    : "overdue: " + String.join(", ", overdue), "each reviewed within " + QUARTER_DAYS + " days",
                    "review availability, cost, incidents and the BAA (manual 9.2), then set last_review"));
        }
        if (!Files.exists(itemsFile)) {
            checks.add(Check.failure("Quarterly compliance items", itemsFile + " is missing", "present", "copy deploy/compliance/quarterly.yml from holi"));
        } else {
            for (Map<String, Object> item : list(itemsFile, "items")) {
                String name = String.valueOf(item.get("name"));
                LocalDate done = date(item.get("last_done"));
                boolean ok = done != null && ChronoUnit.DAYS.between(done, today) <= QUARTER_DAYS;
                checks.add(Check.of(name, ok, Check.Status.WARNING, done == null ? "never recorded" : "last done " + done,
                        "within " + QUARTER_DAYS + " days", "do it and record last_done (and the evidence) in " + itemsFile));
            }
        }
        return checks;
    }

    /** The vendors of an inventory file. */
    public static List<Map<String, Object>> vendors(Path file) {
        return list(file, "vendors");
    }

    /** A vendor's BAA signing date, or null. */
    public static LocalDate signed(Map<String, Object> vendor) {
        return date(vendor.get("baa_signed"));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Path file, String key) {
        try {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            Object l = doc instanceof Map<?, ?> m ? m.get(key) : null;
            return l instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(file + " cannot be read: " + e.getMessage(), e);
        }
    }

    static LocalDate date(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof java.util.Date d) {
            return d.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        }
        String s = o.toString().strip();
        return s.isEmpty() || s.equals("null") ? null : LocalDate.parse(s);
    }
}
