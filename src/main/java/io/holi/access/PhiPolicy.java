package io.holi.access;

import io.holi.platform.Role;
import static io.holi.access.Purpose.Category.APPOINTMENTS;
import static io.holi.access.Purpose.Category.DEMOGRAPHICS;

/**
 * Who may do what with a patient's records: role × grant × purpose. Plain Java, no I/O, so every rule is
 * unit-tested and every denial carries its reason into the audit trail.
 *
 * <ul>
 *   <li>AUDITOR: never PHI.</li>
 *   <li>Without an active grant (or break-glass): nothing, except that an ADMIN may soft-delete a patient
 *       (which discloses nothing).</li>
 *   <li>CLINICIAN with a grant: everything.</li>
 *   <li>STAFF with a grant: demographics and appointments, read and write; no clinical records, no export.</li>
 *   <li>ADMIN with a grant or break-glass: reads everything and may export and delete; writes demographics and
 *       appointments; never writes clinical records (only clinicians do).</li>
 * </ul>
 */
public final class PhiPolicy {

    private PhiPolicy() {
    }

    public static Decision decide(Role role, GrantState grant, Purpose purpose) {
        if (role == Role.AUDITOR) {
            return Decision.deny("auditors never read PHI");
        }
        if (purpose == Purpose.DELETE_PATIENT && role == Role.ADMIN) {
            return Decision.allow("administrators may remove patients");
        }
        if (!grant.active()) {
            return Decision.deny(switch (grant.status()) {
                case EXPIRED -> "the grant for this patient expired";
                case REVOKED -> "the grant for this patient was revoked";
                default -> "no grant for this patient";
            });
        }
        String via = grant.breakGlass() ? "break-glass access" : "an active grant";
        // every role is named: a new one does not compile until someone decides what it may do
        return switch (role) {
            case CLINICIAN -> Decision.allow("clinician with " + via);
            case STAFF -> purpose.category() == DEMOGRAPHICS && purpose != Purpose.DELETE_PATIENT
                    || purpose.category() == APPOINTMENTS
                    ? Decision.allow("front-desk staff with " + via)
                    : Decision.deny("front-desk staff may not see or change clinical records, export or delete patients");
            case ADMIN -> purpose == Purpose.WRITE_CLINICAL
                    ? Decision.deny("only clinicians write clinical records")
                    : Decision.allow("administrator with " + via);
            case AUDITOR -> Decision.deny("auditors never read PHI");
        };
    }
}
