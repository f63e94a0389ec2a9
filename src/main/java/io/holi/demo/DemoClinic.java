package io.holi.demo;

import io.holi.access.AccessGrants;
import io.holi.identity.NewUser;
import io.holi.platform.Role;
import io.holi.identity.UserAccount;
import io.holi.identity.UserService;
import io.holi.notes.NoteService;
import io.holi.patients.Patient;
import io.holi.patients.PatientInput;
import io.holi.patients.PatientService;
import io.holi.patients.Sex;
import io.holi.platform.Caller;
import io.holi.platform.DataDirectory;
import io.holi.database.HoliDatabase;
import io.holi.prescribing.PrescriptionInput;
import io.holi.prescribing.PrescriptionService;
import io.holi.scheduling.AppointmentInput;
import io.holi.scheduling.AppointmentService;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A demo clinic for a newcomer's first minute: an administrator, two clinicians, a front desk and an auditor,
 * 50 patients with appointments, prescriptions and notes, all made through the same services (and so the same
 * gate, encryption and audit trail) as real requests.
 */
@Service
public class DemoClinic {

    /** Known password for the embedded default only: a demo seeded into a real database gets random ones. */
    public static final String EMBEDDED_PASSWORD = "demo-password-123";
    public static final String DOMAIN = "demo.holi";

    public record Login(String email, Role role, String password) {
    }

    public record Seeded(boolean created, List<Login> logins, int patients) {

        /** What a newcomer needs to read: whether it was made, and how to sign in. */
        public String describe() {
            StringBuilder sb = new StringBuilder("\n");
            sb.append(created ? "  Demo clinic created: " + patients + " patients with appointments, prescriptions and notes.\n"
                    : "  The demo clinic already exists.\n");
            if (logins.isEmpty()) {
                sb.append("  (its passwords were printed when it was created)\n");
            } else {
                sb.append("  Sign in as:\n");
                logins.forEach(l -> sb.append(String.format("    %-22s %-10s %s%n", l.email(), l.role(), l.password())));
            }
            return sb.toString();
        }
    }

    private static final String[] FIRST = {"Ava", "Liam", "Maya", "Noah", "Zoe", "Omar", "Lena", "Ivan", "Sofia", "Yuki",
            "Amara", "Lucas", "Chloé", "Mateo", "Priya", "Jonas", "Aisha", "Leo", "Nora", "Hugo"};
    private static final String[] LAST = {"Smith", "García", "Müller", "Okafor", "Tanaka", "Rossi", "Novak", "Haddad",
            "Kowalski", "Silva", "Nguyen", "O'Brien", "Larsen", "Dubois", "Cohen", "Patel", "Ivanova", "Moreau", "Kim", "Santos"};
    private static final String[] MEDICATIONS = {"Amoxicillin", "Metformin", "Lisinopril", "Atorvastatin", "Salbutamol",
            "Levothyroxine", "Omeprazole", "Sertraline"};

    private final UserService users;
    private final PatientService patients;
    private final AccessGrants grants;
    private final AppointmentService appointments;
    private final PrescriptionService prescriptions;
    private final NoteService notes;
    private final HoliDatabase database;
    private final io.holi.reminders.Reminders reminders;

    DemoClinic(UserService users, PatientService patients, AccessGrants grants, AppointmentService appointments,
               PrescriptionService prescriptions, NoteService notes, HoliDatabase database, io.holi.reminders.Reminders reminders) {
        this.reminders = reminders;
        this.users = users;
        this.patients = patients;
        this.grants = grants;
        this.appointments = appointments;
        this.prescriptions = prescriptions;
        this.notes = notes;
        this.database = database;
    }

    public boolean seeded() {
        return users.findByEmail("dr.ada@" + DOMAIN).isPresent();
    }

    public Seeded seed() {
        boolean embedded = database.mode() == HoliDatabase.Mode.EMBEDDED;
        if (seeded()) {
            return new Seeded(false, embedded ? logins(EMBEDDED_PASSWORD) : List.of(), 0);
        }
        Map<String, Role> staff = new LinkedHashMap<>();
        staff.put("admin@" + DOMAIN, Role.ADMIN);
        staff.put("dr.ada@" + DOMAIN, Role.CLINICIAN);
        staff.put("dr.ben@" + DOMAIN, Role.CLINICIAN);
        staff.put("frontdesk@" + DOMAIN, Role.STAFF);
        staff.put("auditor@" + DOMAIN, Role.AUDITOR);
        List<Login> logins = new ArrayList<>();
        Map<Role, List<UserAccount>> byRole = new LinkedHashMap<>();
        staff.forEach((email, role) -> {
            String password = embedded ? EMBEDDED_PASSWORD : DataDirectory.randomToken(15);
            UserAccount u = users.create(new NewUser(email, displayName(email), role, password));
            byRole.computeIfAbsent(role, r -> new ArrayList<>()).add(u);
            logins.add(new Login(email, role, password));
        });
        UserAccount admin = byRole.get(Role.ADMIN).get(0);
        UserAccount frontDesk = byRole.get(Role.STAFF).get(0);
        List<UserAccount> clinicians = byRole.get(Role.CLINICIAN);
        Random random = new Random(42);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        int[] slot = new int[clinicians.size()];
        for (int k = 0; k < 50; k++) {
            int i = k;
            int c = i % clinicians.size();
            UserAccount clinician = clinicians.get(c);
            Caller asClinician = caller(clinician);
            String first = FIRST[random.nextInt(FIRST.length)];
            String last = LAST[random.nextInt(LAST.length)];
            Patient p = asClinician.runAs(() -> patients.create(new PatientInput(first, last,
                    LocalDate.of(1940 + random.nextInt(80), 1 + random.nextInt(12), 1 + random.nextInt(28)),
                    Sex.values()[random.nextInt(3)], first.toLowerCase() + "." + i + "@example.org",
                    "+1 555 01" + String.format("%02d", i), (10 + i) + " Demo Street, Springfield",
                    "DEMO-" + (100000 + i))));
            caller(admin).runAs(() -> grants.grant(p.id(), frontDesk.id(), "front desk of the demo clinic", Optional.empty()));
            if (i % 2 == 0) {
                // half the patients agreed to reminders by text and email (the other half were not asked yet)
                asClinician.runAs(() -> {
                    reminders.setConsent(p.id(), io.holi.reminders.Channel.SMS, true, "en");
                    return reminders.setConsent(p.id(), io.holi.reminders.Channel.EMAIL, true, i % 4 == 0 ? "en" : "es");
                });
            }
            int visits = 1 + random.nextInt(2);
            for (int v = 0; v < visits; v++) {
                // each clinician's day fills from 08:00 in 30-minute slots, so nothing overlaps
                int n = slot[c]++;
                Instant start = today.plusDays(n / 16).atTime(8, 0).toInstant(ZoneOffset.UTC).plus(30L * (n % 16), ChronoUnit.MINUTES);
                asClinician.runAs(() -> appointments.book(p.id(), new AppointmentInput(start, 30, clinician.id(), "follow-up visit")));
            }
            asClinician.runAs(() -> prescriptions.prescribe(p.id(), new PrescriptionInput(
                    MEDICATIONS[random.nextInt(MEDICATIONS.length)], (1 + random.nextInt(4)) * 250 + " mg", "oral",
                    "twice daily", 30, random.nextInt(3), "take with food")));
            asClinician.runAs(() -> notes.write(p.id(), "Seen for routine review. Vitals stable. Plan: continue current "
                    + "treatment and review in three months."));
        }
        return new Seeded(true, logins, 50);
    }

    private static List<Login> logins(String password) {
        return List.of(new Login("admin@" + DOMAIN, Role.ADMIN, password), new Login("dr.ada@" + DOMAIN, Role.CLINICIAN, password),
                new Login("dr.ben@" + DOMAIN, Role.CLINICIAN, password), new Login("frontdesk@" + DOMAIN, Role.STAFF, password),
                new Login("auditor@" + DOMAIN, Role.AUDITOR, password));
    }

    private static Caller caller(UserAccount u) {
        return new Caller(u.id(), u.email(), u.role());
    }

    private static String displayName(String email) {
        String local = email.substring(0, email.indexOf('@'));
        return switch (local) {
            case "dr.ada" -> "Dr Ada Lovelace";
            case "dr.ben" -> "Dr Ben Carson";
            case "frontdesk" -> "Front Desk";
            case "auditor" -> "Compliance Auditor";
            default -> "Demo Administrator";
        };
    }
}
