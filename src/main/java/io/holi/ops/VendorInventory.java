package io.holi.ops;

import io.holi.ops.internal.ComplianceFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The vendor inventory ({@code vendors.yml} in {@code holi.ops.compliance-dir}, the quarterly review's file) as the
 * rest of holi asks it: may PHI reach this vendor? Read on every question (the file is small and is edited by hand
 * while holi runs: a BAA signed today counts today).
 */
@Component
public class VendorInventory {

    /** What the inventory says about a vendor's Business Associate Agreement. */
    public record Baa(String vendor, boolean listed, boolean required, Optional<LocalDate> signed, Path file) {
        /** PHI may reach it: listed, and its BAA is signed or not required. */
        public boolean allowsPhi() {
            return listed && (!required || signed.isPresent());
        }

        /** One line for a check or a log: "Twilio: BAA signed 2026-03-01", "Twilio: BAA required, not signed". */
        public String describe() {
            if (!listed) {
                return vendor + ": " + (Files.exists(file) ? "not in " + file : file + " is missing (HOLI_OPS_COMPLIANCE_DIR)");
            }
            return vendor + ": " + (signed.map(d -> "BAA signed " + d).orElse(required ? "BAA required, not signed" : "BAA not required"));
        }
    }

    private final OpsProperties properties;

    VendorInventory(OpsProperties properties) {
        this.properties = properties;
    }

    public Baa baa(String vendor) {
        Path file = properties.complianceDir().resolve("vendors.yml");
        if (!Files.exists(file)) {
            return new Baa(vendor, false, true, Optional.empty(), file);
        }
        for (Map<String, Object> v : ComplianceFiles.vendors(file)) {
            if (vendor.equalsIgnoreCase(String.valueOf(v.get("name")).strip())) {
                boolean required = !"not-required".equalsIgnoreCase(String.valueOf(v.get("baa")).strip().toLowerCase(Locale.ROOT));
                return new Baa(vendor, true, required, Optional.ofNullable(ComplianceFiles.signed(v)), file);
            }
        }
        return new Baa(vendor, false, true, Optional.empty(), file);
    }
}
