package io.holi.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.holi.HoliApplication;
import io.holi.demo.DemoClinic;
import io.holi.platform.DatabaseUrl;
import io.holi.platform.Role;
import io.holi.scheduling.AppointmentService;
import io.holi.testing.Browser;
import io.holi.testing.TestKeys;
import io.holi.testing.TestPostgres;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The clinic's day in a real Chromium: every role signs in with its second factor; a clinician registers a patient,
 * books, meets a clash, writes and edits a note, prescribes and discontinues, breaks the glass; the front desk checks
 * the patient in; the auditor finds each of those reads and writes and reviews the break-glass; the admin manages
 * users, grants and maintenance. Every page is checked by axe-core (WCAG 2.2 AA), the browser's log is read for CSP
 * violations and script errors, and the main pages are saved to docs/screenshots/.
 */
@Order(1) // one of the longest classes: started first (junit-platform.properties)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ResourceLock("chromium")
class ClinicBrowserTest {

    /** Short enough to watch the automatic logoff happen, long enough for any step of a flow on a busy machine. */
    private static final int IDLE_SECONDS = 90;
    private static final int WARN_SECONDS = 40;

    private static ConfigurableApplicationContext app;
    private static JdbcTemplate sql;
    private static String base;
    private static Map<Role, DemoClinic.Login> logins;
    private static DemoClinic.Login drBen;
    private static final List<String> PROBLEMS = java.util.Collections.synchronizedList(new ArrayList<>());
    private static final String IDLE_USER = "dr.idle@browser.test";
    private static final String IDLE_PASSWORD = "idle-clinician-password";
    private static UUID idleUser;
    private static java.util.concurrent.CompletableFuture<Void> idleFlow;
    /** The browser the flows run in, one after the other (see in()). */
    private static Browser browser;

    // what the clinician's flow made, for the front desk and the auditor
    private static UUID patient;
    private static LocalDate visitDay;

    @BeforeAll
    static void start() {
        DatabaseUrl db = TestPostgres.newDatabase("browser");
        app = new SpringApplicationBuilder(HoliApplication.class).run("--server.port=0", "--spring.main.banner-mode=off",
                "--holi.database.url=" + db.toUriWithPassword(), "--holi.auth.jwt-secret=" + TestKeys.JWT,
                "--holi.health.metrics-token=" + TestKeys.METRICS, "--holi.crypto.encryption-key=" + TestKeys.FIELD_V1,
                "--holi.crypto.blind-index-key=" + TestKeys.BLIND_INDEX,
                "--holi.auth.mfa-required-roles=CLINICIAN,STAFF",
                "--holi.auth.session-idle-timeout=" + IDLE_SECONDS + "s", "--holi.auth.session-warning=" + WARN_SECONDS + "s",
                "--holi.clinic.name=Riverside Clinic", "--holi.status.probe=*/2 * * * * *",
                // the flows sign in a dozen times a minute from one address; the limits have tests of their own
                "--holi.rate-limit.login-per-minute=1000", "--holi.rate-limit.login-per-account-per-minute=1000",
                "--holi.rate-limit.per-ip-per-minute=100000");
        base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
        sql = new JdbcTemplate(app.getBean(javax.sql.DataSource.class));
        List<DemoClinic.Login> seeded = app.getBean(DemoClinic.class).seed().logins();
        logins = seeded.stream().filter(l -> !l.email().startsWith("dr.ben"))
                .collect(Collectors.toMap(DemoClinic.Login::role, l -> l));
        drBen = seeded.stream().filter(l -> l.email().startsWith("dr.ben")).findFirst().orElseThrow();
        LocalDate day = LocalDate.now(app.getBean(AppointmentService.class).clinicZone()).plusDays(7);
        while (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
            day = day.plusDays(1);
        }
        visitDay = day;
        // the automatic logoff is mostly waiting: it runs in a browser of its own, as a clinician of its own, while
        // the other flows run (the last test waits for it)
        idleUser = app.getBean(io.holi.identity.UserService.class).create(new io.holi.identity.NewUser(IDLE_USER, "Dr Idle",
                Role.CLINICIAN, IDLE_PASSWORD)).id();
        idleFlow = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try (Browser own = new Browser(base)) {
                inOwn(own, ClinicBrowserTest::idleSessionIsWarnedThenSignedOut);
            }
        }, task -> new Thread(task, "idle-session-flow").start());
    }

    @AfterAll
    static void stop() {
        if (idleFlow != null) {
            try {
                idleFlow.get(5, java.util.concurrent.TimeUnit.MINUTES); // its browser ends before the service does
            } catch (Exception e) {
                // its own test reports it
            }
        }
        System.out.println("axe-core (WCAG 2.2 AA): no violation on " + Browser.pagesCheckedClean().size() + " pages: "
                + new java.util.TreeSet<>(Browser.pagesCheckedClean()));
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
    }

    /**
     * Runs a flow in the class's browser, emptied of cookies and storage first (a Chromium costs seconds of CPU to
     * start: the flows follow each other in one), then requires that no page of it broke the CSP, threw, or failed
     * axe. The idle-session flow, which runs alongside the others, has a browser of its own.
     */
    private static void in(Consumer<Browser> flow) {
        synchronized (ClinicBrowserTest.class) {
            if (browser == null) {
                browser = new Browser(base);
            }
        }
        inOwn(browser.reset(), flow);
    }

    private static void inOwn(Browser b, Consumer<Browser> flow) {
        try {
            flow.accept(b);
        } catch (RuntimeException | AssertionError e) {
            b.screenshot(java.nio.file.Path.of("target", "browser-failures"), "failed-" + System.currentTimeMillis());
            throw e;
        }
        List<String> logged = b.cspViolationsAndScriptErrors();
        assertThat(logged).as("CSP violations and script errors in the browser's log").isEmpty();
        assertThat(PROBLEMS).as("axe-core WCAG 2.2 AA violations").isEmpty();
    }

    private static void axe(Browser b) {
        PROBLEMS.addAll(b.accessibilityViolations());
    }

    private static Browser as(Browser b, Role role) {
        DemoClinic.Login l = logins.get(role);
        return b.signIn(l.email(), l.password());
    }

    @Test
    @Order(1)
    void everyRoleSignsInWithItsSecondFactorAndLandsOnItsOwnHome() {
        Map<Role, String> homes = Map.of(Role.CLINICIAN, "/schedule", Role.STAFF, "/schedule", Role.AUDITOR, "/audit",
                Role.ADMIN, "/admin/users");
        in(b -> {
            // the checker itself: a field without a label is a violation it must name
            b.driver().get("data:text/html,<!doctype html><html lang=en><title>axe self-check</title><main><input type=text></main></html>");
            assertThat(b.accessibilityViolations()).anyMatch(v -> v.contains("label"));
            b.open("/login");
            axe(b);
            b.screenshot("sign-in");
            for (Role role : List.of(Role.ADMIN, Role.CLINICIAN, Role.STAFF, Role.AUDITOR)) {
                DemoClinic.Login l = logins.get(role);
                b.open("/login").type("#email", l.email()).type("#password", l.password()).submit("main button[type=submit]");
                assertThat(b.path()).as(role + " enrols on first sign-in").isEqualTo("/login/enrol");
                assertThat(b.find("svg[role=img]").isDisplayed()).isTrue(); // the QR code
                axe(b);
                if (role == Role.CLINICIAN) {
                    b.screenshot("second-factor-enrolment");
                }
                b.type("#code", "000000").submit("main button[type=submit]");
                assertThat(b.find(".error-summary").getText()).contains("The code does not match what your app shows now");
                io.holi.testing.TestMfa.enrolled(l.email(), b.find("#secret").getText());
                b.type("#code", io.holi.testing.TestMfa.nextCode(l.email())).submit("main button[type=submit]");
                assertThat(b.all("#recovery-codes li")).hasSize(10);
                axe(b);
                b.follow("main a.button");
                assertThat(b.path()).startsWith(homes.get(role));
                axe(b);
                b.signOut();
                assertThat(b.path()).isEqualTo("/login?out");
                // the second time: password, then the code
                b.type("#email", l.email()).type("#password", l.password()).submit("main button[type=submit]");
                assertThat(b.path()).isEqualTo("/login/code");
                axe(b);
                b.type("#code", io.holi.testing.TestMfa.nextCode(l.email())).submit("main button[type=submit]");
                assertThat(b.path()).startsWith(homes.get(role));
                b.signOut();
            }
        });
        assertThat(sql.queryForObject("SELECT count(*) FROM audit_logs WHERE action = 'MFA_ENROL' AND resource_id::text <> ?", Long.class,
                idleUser.toString())).isEqualTo(4);
    }

    @Test
    @Order(2)
    void aClinicianRegistersBooksMeetsAClashWritesAndEditsANotePrescribesAndDiscontinues() {
        in(b -> {
            as(b, Role.CLINICIAN);
            b.screenshot("schedule-clinician");
            // the finder, as you type
            b.open("/patients");
            axe(b);
            b.find("#q").sendKeys("sm");
            b.waitUntil(d -> !b.all("#results tbody tr").isEmpty());
            b.screenshot("patient-finder");

            // register: an empty form is refused with a focused summary, then saved
            b.open("/patients/new");
            axe(b);
            b.submit("main form button[type=submit]");
            assertThat(b.find(".error-summary").getText()).contains("First name");
            assertThat(b.driver().switchTo().activeElement().getAttribute("class")).contains("error-summary");
            axe(b);
            b.screenshot("register-patient-errors");
            b.type("#firstName", "Wren").type("#lastName", "Testpatient").set("#dateOfBirth", "1984-03-09")
                    .type("#email", "wren.testpatient@example.org").type("#phone", "+1 555 0142");
            b.submit("main form button[type=submit]");
            assertThat(b.path()).matches("/patients/[0-9a-f-]{36}(\\?.*)?");
            patient = UUID.fromString(b.path().substring("/patients/".length(), "/patients/".length() + 36));
            assertThat(b.find(".banner").getText()).contains("Testpatient").contains("MRN");
            axe(b);
            b.screenshot("chart-demographics");

            // the patient agrees to text reminders: recorded with its date and source, the next booking schedules them
            assertThat(b.find("#consent-sms").getText()).isEqualTo("Not asked");
            b.submit("#consent-sms-toggle");
            assertThat(b.text()).contains("Reminder consent saved.");
            assertThat(b.find("#consent-sms").getText()).isEqualTo("Yes");
            assertThat(b.find("#consent-email").getText()).isEqualTo("Not asked");
            axe(b);
            ((org.openqa.selenium.JavascriptExecutor) b.driver()).executeScript("document.getElementById('reminders-title').scrollIntoView()");
            b.screenshot("reminder-consent");

            // book with the keyboard: clinician, day, free times, a slot, the reason, Enter
            b.open("/patients/" + patient + "/appointments");
            axe(b);
            b.find("#clinicianId").sendKeys("Dr A");
            assertThat(b.find("#clinicianId option:checked").getText()).isEqualTo("Dr Ada Lovelace");
            // the day typed as a keyboard user types it into Chromium's date field (en-US: month, day, year)
            b.find("#date").sendKeys(visitDay.format(java.time.format.DateTimeFormatter.ofPattern("MMddyyyy")));
            assertThat(b.find("#date").getAttribute("value")).isEqualTo(visitDay.toString());
            WebElement show = b.find("button[hx-get='/appointments/slots']");
            show.sendKeys(Keys.ENTER);
            b.waitUntil(d -> !b.all("#slots input[type=radio]").isEmpty());
            WebElement nine = b.find("#slots input[value='09:00']");
            nine.sendKeys(Keys.SPACE);
            assertThat(nine.isSelected()).isTrue();
            assertThat(b.find("#time").getAttribute("value")).isEqualTo("09:00");
            b.find("#reason").sendKeys("Follow-up", Keys.ENTER);
            b.waitForText("Appointment booked");
            assertThat(b.text()).contains("09:00");
            axe(b);

            // the same time again: the clash and the next free times, booked with one key
            b.find("#clinicianId").sendKeys("Dr A");
            b.set("#date", visitDay.toString()).set("#time", "09:00");
            b.find("#reason").sendKeys("Second visit", Keys.ENTER);
            b.waitUntil(d -> !b.all("#clash").isEmpty());
            assertThat(b.find("#clash").getText()).contains("clashes").contains("09:00");
            axe(b);
            b.screenshot("booking-clash");
            b.find("#clash button").sendKeys(Keys.ENTER);
            b.waitForText("Appointment booked");
            b.screenshot("chart-appointments");

            // a note, typed and saved with the keyboard alone
            b.open("/patients/" + patient + "/notes");
            axe(b);
            b.find("#text").sendKeys("Persistent dry cough for two weeks. No fever.");
            b.find("#text").sendKeys(Keys.TAB);
            b.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
            b.waitForText("Note saved.");
            b.follow("article a[href$='/edit']");
            axe(b);
            b.type("#text", "Persistent dry cough for three weeks. No fever. Chest clear.");
            b.submit("main form button[type=submit]");
            b.waitForText("Note saved.");
            b.follow("article a[href$='/history']");
            assertThat(b.all("ins").stream().map(WebElement::getText).toList()).contains("three");
            assertThat(b.all("del").stream().map(WebElement::getText).toList()).contains("two");
            axe(b);
            b.screenshot("note-history");
            b.open("/patients/" + patient + "/notes");
            b.find("article form button").click();
            b.waitUntil(d -> b.text().contains("The AI summary is unavailable"));
            axe(b);
            b.screenshot("chart-notes");

            // prescribe with the keyboard, then discontinue with a reason
            b.open("/patients/" + patient + "/prescriptions");
            axe(b);
            b.find("#medication").sendKeys("Amoxicillin");
            b.find("#dosage").sendKeys("500 mg");
            b.find("#frequency").sendKeys("three times a day");
            b.find("#quantity").sendKeys("21", Keys.ENTER);
            b.waitForText("Amoxicillin");
            WebElement reason = b.find("input[id^='reason-']");
            reason.sendKeys("Course changed to a macrolide", Keys.ENTER);
            b.waitForText("Discontinued");
            axe(b);
            b.screenshot("chart-prescriptions");
            b.signOut();
        });
        assertThat(sql.queryForObject("SELECT count(*) FROM notes WHERE patient_id = ?", Long.class, patient)).isEqualTo(1);
        assertThat(sql.queryForObject("SELECT count(*) FROM appointments WHERE patient_id = ?", Long.class, patient)).isEqualTo(2);
    }

    @Test
    @Order(3)
    void anotherClinicianBreaksTheGlassWithAReasonAndSeesTheTimeLeft() {
        in(b -> {
            b.signIn(drBen.email(), drBen.password());
            b.open("/patients/" + patient);
            assertThat(b.text()).contains("Emergency: break the glass").doesNotContain("Testpatient");
            axe(b);
            b.submit("main form button.danger");
            assertThat(b.find(".error-summary").getText()).containsIgnoringCase("reason");
            b.type("#reason", "Patient collapsed in the waiting room").submit("main form button.danger");
            assertThat(b.find(".glass").getText()).contains("minutes left").contains("collapsed in the waiting room");
            assertThat(b.find(".banner").getText()).contains("Testpatient");
            axe(b);
            b.screenshot("break-glass");
            b.signOut();
        });
    }

    @Test
    @Order(4)
    void theAdminGrantsTheFrontDeskAndTheFrontDeskChecksThePatientIn() {
        in(b -> {
            as(b, Role.ADMIN);
            axe(b);
            b.screenshot("admin-users");
            b.open("/admin/grants?patient=" + patient);
            axe(b);
            b.select("#userId", logins.get(Role.STAFF).email() + " (STAFF)");
            b.type("#reason", "Front desk for the visit");
            b.submit("main form[action='/admin/grants'][method=post] button[type=submit]");
            assertThat(b.text()).contains(logins.get(Role.STAFF).email());
            b.screenshot("admin-grants");
            b.open("/admin/maintenance");
            axe(b);
            b.open("/account");
            axe(b);
            b.open("/account/mfa");
            axe(b);
            b.signOut();
        });
        in(b -> {
            as(b, Role.STAFF);
            b.open("/schedule?date=" + visitDay);
            axe(b);
            assertThat(b.text()).contains("Testpatient, Wren");
            b.submit("button[aria-label^='Check in: 09:00']");
            assertThat(b.text()).contains("Arrived");
            b.screenshot("schedule-front-desk");
            b.submit("button[aria-label^='Complete: 09:00']");
            // reschedule the other visit to 11:00, then cancel it
            b.open("/patients/" + patient + "/appointments");
            b.follow("a[href$='/move']");
            axe(b);
            b.set("#time", "11:00");
            b.submit("main form button[type=submit]");
            b.waitForText("11:00");
            b.open("/schedule?date=" + visitDay);
            b.submit("button[aria-label^='Cancel: 11:00']");
            assertThat(b.text()).contains("Cancelled");
            b.open("/schedule?date=" + visitDay + "&view=week");
            axe(b);
            b.screenshot("schedule-week");
            // never a clinical note
            b.open("/patients/" + patient + "/notes");
            assertThat(b.title()).contains("Not allowed");
            assertThat(b.text()).doesNotContain("dry cough");
            axe(b);
            b.signOut();
        });
        assertThat(sql.queryForList("SELECT status FROM appointments WHERE patient_id = ? ORDER BY starts_at", String.class, patient))
                .containsExactly("COMPLETED", "CANCELLED");
        assertThat(sql.queryForObject("SELECT to_char(max(starts_at) AT TIME ZONE 'UTC', 'HH24:MI') FROM appointments WHERE patient_id = ?",
                String.class, patient)).isEqualTo("11:00");
    }

    @Test
    @Order(5)
    void theAuditorFindsEachReadAndWriteAndReviewsTheBreakGlass() {
        in(b -> {
            as(b, Role.AUDITOR);
            b.open("/audit?patient=" + patient);
            axe(b);
            String log = b.text();
            b.screenshot("audit-log");
            b.select("#action", "CREATE").submit("main form button[type=submit]");
            assertThat(b.text()).contains("Patient").contains("Appointment").contains("Note").contains("Prescription");
            b.select("#action", "UPDATE").submit("main form button[type=submit]");
            assertThat(b.text()).contains("Note").contains("Prescription").contains("Appointment");
            b.select("#action", "READ").submit("main form button[type=submit]");
            assertThat(b.text()).contains(logins.get(Role.CLINICIAN).email()).contains(drBen.email())
                    .contains(logins.get(Role.STAFF).email());
            b.select("#action", "BREAK_GLASS").submit("main form button[type=submit]");
            assertThat(b.text()).contains(drBen.email());
            assertThat(log).doesNotContain("Testpatient").doesNotContain("dry cough");

            b.open("/audit/patient?id=" + patient);
            axe(b);
            assertThat(b.text()).contains(logins.get(Role.CLINICIAN).email()).contains(drBen.email());
            b.screenshot("audit-who-accessed");
            b.open("/audit/anomalies");
            axe(b);
            b.open("/audit/chain");
            axe(b);
            b.screenshot("audit-chain");
            b.open("/audit/break-glass");
            axe(b);
            assertThat(b.text()).contains(drBen.email()).contains("collapsed in the waiting room");
            b.screenshot("break-glass-reviews");
            b.find("input[id^='note-']").sendKeys("Confirmed with the ward: emergency was real", Keys.ENTER);
            b.waitForText("Reviewed");
            b.signOut();
        });
        assertThat(sql.queryForObject("SELECT reviewed_by FROM data_access_grants WHERE patient_id = ? AND kind = 'BREAK_GLASS'",
                UUID.class, patient)).isNotNull();
    }

    @Test
    @Order(6)
    void aPostWithoutTheCsrfTokenIsRefusedAndAfterSignOutTheBackButtonShowsNoPhi() {
        in(b -> {
            as(b, Role.CLINICIAN);
            b.open("/patients/" + patient + "/notes");
            b.driver().executeScript("document.querySelectorAll('input[name=_csrf]').forEach(function (e) { e.remove(); });");
            b.find("#text").sendKeys("this must not be saved");
            b.submit("main form button[type=submit]");
            assertThat(b.title()).contains("Not allowed");
            assertThat(b.text()).contains("This form has expired or did not come from holi");
            b.open("/patients/" + patient);
            assertThat(b.text()).contains("Testpatient");
            b.signOut();
            b.driver().navigate().back();
            b.waitUntil(d -> b.path().startsWith("/login"));
            assertThat(b.text()).doesNotContain("Testpatient").doesNotContain("1984");
        });
        assertThat(sql.queryForObject("SELECT count(*) FROM notes WHERE patient_id = ?", Long.class, patient)).isEqualTo(1);
    }

    @Test
    @Order(7)
    void theAdminDeclaresAnIncidentPostsAPublicUpdateAndThePublicStatusPageShowsIt() {
        in(b -> {
            as(b, Role.ADMIN);
            b.open("/incidents");
            axe(b);
            b.type("#title", "Chart pages time out for the front desk");
            b.click("#severity-SEV2");
            b.click("#component-web-application");
            b.type("#summary", "Opening a chart takes over 30 s since the 09:00 deploy.");
            b.submit("main form[action='/incidents'] button[type=submit]");
            assertThat(b.path()).startsWith("/incidents/");
            assertThat(b.text()).contains("Incident declared", "Chart pages time out for the front desk", "SEV2");
            b.type("#public-body", "Some staff see slow or failing chart pages. We are investigating.");
            b.submit("main form[action$='/public-updates'] button[type=submit]");
            assertThat(b.text()).contains("Public update posted", "Some staff see slow or failing chart pages");
            b.select("#status", "INVESTIGATING");
            b.type("#status-note", "rolling back the deploy");
            b.submit("main form[action$='/status'] button[type=submit]");
            assertThat(b.text()).contains("Declared → Investigating: rolling back the deploy");
            axe(b);
            b.screenshot("incident");
            b.signOut();
            // the public page: no sign-in, the incident under its public name, the component's state in words
            b.open("/status/");
            b.waitUntil(d -> b.text().contains("Some staff see slow or failing chart pages") || reload(b));
            assertThat(b.text()).contains("Riverside Clinic status", "Partial outage: Web application", "Partial outage")
                    .doesNotContain("Chart pages time out for the front desk");
            axe(b);
            b.screenshot("status-page");

            // a patient opens a reminder's link (no vendor here: the link a sent reminder would carry is put in place)
            String token = "browser-test-link-" + "x".repeat(25);
            DemoClinic.Login doctor = logins.get(Role.CLINICIAN);
            UUID doctorId = sql.queryForObject("SELECT id FROM users WHERE email = ?", UUID.class, doctor.email());
            java.time.Instant at = java.time.Instant.now().plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.DAYS)
                    .plus(Duration.ofHours(3));
            UUID appointment = new io.holi.platform.Caller(doctorId, doctor.email(), Role.CLINICIAN).runAs(() -> app.getBean(AppointmentService.class)
                    .book(patient, new io.holi.scheduling.AppointmentInput(at, 30, doctorId, "check-up"))).id();
            sql.update("UPDATE reminders SET status = 'SENT', outcome = 'sent', link_hash = sha256(convert_to(?, 'UTF8')), "
                    + "link_expires_at = appointment_at WHERE appointment_id = ? AND channel = 'SMS' AND offset_minutes = 120", token, appointment);
            b.open("/r/" + token);
            assertThat(b.text()).contains("Your appointment", "Riverside Clinic", "I will come", "Cancel the appointment")
                    .doesNotContain("Wren").doesNotContain("Testpatient");
            axe(b);
            b.screenshot("reminder-link");
            b.submit("#confirm");
            assertThat(b.find("#outcome").getText()).contains("your appointment is confirmed");
            axe(b);
        });
    }

    /** Reloads the page (the status page is probed every 2 s here): false, so a wait goes on. */
    private static boolean reload(Browser b) {
        b.driver().navigate().refresh();
        return false;
    }

    @Test
    @Order(8)
    void anIdleSessionIsWarnedThenSignedOut() throws Exception {
        // started with the class (see start()): its browser has been left alone since
        idleFlow.get(5, java.util.concurrent.TimeUnit.MINUTES);
    }

    private static void idleSessionIsWarnedThenSignedOut(Browser b) {
        b.signIn(IDLE_USER, IDLE_PASSWORD);
        b.open("/patients");
        WebElement warning = b.find("#idle-warning");
        b.waitUntil(d -> warning.isDisplayed(), Duration.ofSeconds(IDLE_SECONDS + 30));
        assertThat(warning.getText()).contains("You will be signed out in " + WARN_SECONDS + " seconds");
        axe(b);
        b.screenshot("idle-warning");
        warning.findElement(org.openqa.selenium.By.tagName("button")).click();
        b.waitUntil(d -> !warning.isDisplayed());
        // kept alive once; left alone again, the page goes to the sign-in page and the server ends the session
        b.waitUntil(d -> b.path().startsWith("/login?expired"), Duration.ofSeconds(2 * IDLE_SECONDS + 30));
        assertThat(b.text()).contains("signed out because nothing happened");
        b.open("/patients");
        assertThat(b.path()).startsWith("/login");
    }
}
