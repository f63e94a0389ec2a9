package io.holi.web;

import io.holi.testing.TempDirs;
import static org.assertj.core.api.Assertions.assertThat;

import io.holi.platform.DatabaseUrl;
import io.holi.testing.Api;
import io.holi.testing.Browser;
import io.holi.testing.HoliProcess;
import io.holi.testing.TestKeys;
import io.holi.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two {@code holi serve} processes on one database, as behind the manual's load balancer (section 1.1), each run from
 * the jar unpacked as the image runs it ({@link HoliProcess#release()}): one signed-in
 * browser goes back and forth between them, and each serves it, because the session lives in PostgreSQL. Signing out
 * on one ends the session on the other.
 */
class TwoInstancesIT {

    @Test
    void oneBrowserSessionIsServedByEitherInstanceAndSigningOutOnOneEndsItOnBoth() throws Exception {
        Path workDir = TempDirs.directory("holi-two");
        Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        DatabaseUrl db = TestPostgres.newDatabase("two");
        Map<String, String> env = Map.of("DATABASE_URL", db.toUriWithPassword(), "JWT_SECRET", TestKeys.JWT,
                "ENCRYPTION_KEY", TestKeys.FIELD_V1, "HOLI_BLIND_INDEX_KEY", TestKeys.BLIND_INDEX,
                "HOLI_METRICS_TOKEN", TestKeys.METRICS, "HOLI_ADMIN_EMAIL", "admin@two.test",
                "HOLI_ADMIN_PASSWORD", "admin-password-for-tests");
        try (HoliProcess a = HoliProcess.serve(HoliProcess.release(), workDir, env).awaitHealthy();
             HoliProcess b = HoliProcess.serve(HoliProcess.release(), workDir, env).awaitHealthy()) {
            Api api = a.api();
            String admin = api.login("admin@two.test", "admin-password-for-tests");
            Api.User clinician = api.createUser(admin, "CLINICIAN");
            String token = api.login(clinician.email(), clinician.password());
            String patient = api.post("/api/patients", token, Map.of("firstName", "Twin", "lastName", "Instances",
                    "dateOfBirth", "1970-07-07")).json().get("id").asString();
            String onA = "http://localhost:" + a.port();
            String onB = "http://localhost:" + b.port();

            try (Browser browser = new Browser(onA)) {
                browser.signIn(clinician.email(), clinician.password());
                browser.open("/patients/" + patient);
                assertThat(browser.find(".banner").getText()).contains("Instances, Twin");

                // the same cookie, the other instance: still signed in, and its forms carry a token B accepts
                browser.base(onB).open("/patients/" + patient + "/notes");
                assertThat(browser.find(".banner").getText()).contains("Instances, Twin");
                browser.find("#text").sendKeys("Written through instance B.");
                browser.submit("main form button[type=submit]");
                browser.waitForText("Note saved.");

                browser.base(onA).open("/patients/" + patient + "/notes");
                assertThat(browser.text()).contains("Written through instance B.");
                browser.base(onB).open("/schedule");
                assertThat(browser.path()).startsWith("/schedule");

                browser.base(onA).signOut();
                browser.base(onB).open("/patients/" + patient);
                assertThat(browser.path()).startsWith("/login");
                assertThat(browser.text()).doesNotContain("Instances");
                assertThat(browser.cspViolationsAndScriptErrors()).isEmpty();
            }
        }
    }
}
