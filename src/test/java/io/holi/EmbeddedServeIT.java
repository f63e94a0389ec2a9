package io.holi;

import io.holi.testing.TempDirs;
import io.holi.platform.OsProcess;
import io.holi.database.EmbeddedCluster;
import io.holi.database.PostgresBinaries;
import io.holi.testing.Api;
import io.holi.testing.HoliProcess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import org.awaitility.Awaitility;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default exactly as the README's first command runs it: {@code java -jar holi.jar serve --demo}
 * with no DATABASE_URL, stopped by SIGTERM and by a double Ctrl-C, started again on the same data, and in a
 * terminal. The first start and the terminal's run the packaged jar as a person does; the later start and the
 * commands run the release ({@link HoliProcess#release()}, the same jar unpacked as the image runs it): the same
 * code, with about a third less CPU to start (the packaged jar reads every class out of a jar inside the jar). Each
 * test has a working directory and a cluster of its own, so they run side by side (the packaged jar's tests are the
 * suite's last, unshared minutes).
 */
@Execution(ExecutionMode.CONCURRENT)
class EmbeddedServeIT {

    private Path workDir;
    private Path dataDir;

    @BeforeEach
    void directories() throws Exception {
        workDir = TempDirs.directory("holi-embedded");
        Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        dataDir = workDir.resolve("holi-data");
    }

    private String clusterState() throws Exception {
        Path controldata = PostgresBinaries.locate().tool("pg_controldata");
        String out = OsProcess.check(OsProcess.asPostgres(List.of(controldata.toString(), dataDir.resolve("postgres").toString())),
                Map.of("LC_ALL", "C"), Duration.ofMinutes(10));
        return out.lines().filter(l -> l.startsWith("Database cluster state")).findFirst().orElseThrow();
    }

    @Test
    void firstStartCreatesTheClusterAndAnAdminSigtermStopsCleanlyAndASecondStartKeepsTheData() throws Exception {
        String userEmail;
        String userPassword = "a-clinicians-password";
        String adminPassword;
        try (HoliProcess holi = HoliProcess.serve(workDir, Map.of(), "--demo").awaitHealthy()) {
            // where to open the browser, and the demo clinic's sign-ins
            assertThat(holi.output()).contains("Open http://localhost:" + holi.port() + "/ in a browser to sign in.")
                    .contains("dr.ada@demo.holi").contains("demo-password-123");
            Path passwordFile = dataDir.resolve("initial-admin-password");
            assertThat(Files.getPosixFilePermissions(passwordFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            adminPassword = Files.readString(passwordFile).strip();
            assertThat(holi.output()).contains("First administrator created: admin@holi.local")
                    .containsOnlyOnce(adminPassword).contains("holi is ready on http://localhost:");
            // not a terminal (a service, a container): JSON lines for the log shipper
            assertThat(holi.output()).contains("\"@timestamp\"");

            Api api = holi.api();
            Api.Response health = api.get("/api/health", null);
            assertThat(health.json().get("status").asString()).isEqualTo("healthy");
            assertThat(health.json().get("database").asString()).isEqualTo("connected");
            String admin = api.login("admin@holi.local", adminPassword);
            bulkExportOfTheDemoClinicReadsBackValid(api, admin);
            userEmail = "doctor@embedded.test";
            assertThat(api.post("/api/users", admin, Map.of("email", userEmail, "name", "Doctor", "role", "CLINICIAN",
                    "password", userPassword)).status()).isEqualTo(201);

            holi.signalGroup("TERM");
            assertThat(holi.awaitExit(Duration.ofSeconds(90))).isIn(0, 143);
            assertThat(holi.output()).contains("Stopped the embedded PostgreSQL");
        }
        assertThat(dataDir.resolve("postgres/postmaster.pid")).doesNotExist();
        assertThat(clusterState()).endsWith("shut down");

        try (HoliProcess again = HoliProcess.serve(HoliProcess.release(), workDir, Map.of()).awaitHealthy()) {
            assertThat(again.output()).doesNotContain("First administrator created");
            Api api = again.api();
            String token = api.login(userEmail, userPassword);
            assertThat(api.get("/api/me", token).json().get("email").asString()).isEqualTo(userEmail);
            assertThat(Files.readString(dataDir.resolve("initial-admin-password")).strip()).isEqualTo(adminPassword);

            // a second instance on the same data directory refuses to start instead of sharing it
            Api.Response second = HoliProcess.run(HoliProcess.release(), workDir, Map.of("HOLI_PORT", "0"), "serve");
            assertThat(second.status()).isEqualTo(1);
            assertThat(second.body()).contains("Another holi serve is already using");

            // Ctrl-C twice in the terminal: the signal reaches holi (and not PostgreSQL, which runs in its own session)
            again.signalGroup("INT");
            again.signalGroup("INT");
            assertThat(again.awaitExit(Duration.ofSeconds(90))).isIn(0, 130);
            // holi asked for PostgreSQL's fast shutdown; on a busy machine its last checkpoint may still be finishing
            awaitClusterStopped(again);
        }
    }

    /** The cluster shut down cleanly; if not within two minutes, a failure that shows its state and both logs. */
    private void awaitClusterStopped(HoliProcess holi) throws Exception {
        try {
            Awaitility.await("the embedded cluster stopped").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> clusterState().endsWith("shut down"));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            List<String> output = holi.output().lines().toList();
            throw new AssertionError(clusterState() + "\n--- PostgreSQL's log (last lines)\n"
                    + EmbeddedCluster.at(dataDir).logTail() + "\n--- holi's output (last lines)\n"
                    + String.join("\n", output.subList(Math.max(0, output.size() - 30), output.size())), e);
        }
    }

    /**
     * In a terminal, a person reads the log: time, level, message, not JSON lines. On data of its own, beside the
     * test above, whose starts each wait for the one before (this class runs in the suite's last minute).
     */
    @Test
    void inATerminalTheLogIsReadableAndClosingItStillStopsPostgres() throws Exception {
        try (HoliProcess holi = HoliProcess.serveOnTerminal(workDir, Map.of()).awaitHealthy()) {
            String adminPassword = Files.readString(dataDir.resolve("initial-admin-password")).strip();
            assertThat(holi.api().login("admin@holi.local", adminPassword)).isNotBlank();
            assertThat(holi.output()).containsPattern("(?m)^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} INFO  .+")
                    .doesNotContain("\"@timestamp\"");
            holi.signalGroup("TERM");
            holi.awaitExit(Duration.ofSeconds(90));
            // the terminal gone, holi still stops its PostgreSQL: none is left running in the background
            awaitClusterStopped(holi);
        }
    }

    @Test
    void usersCommandsWorkOnTheEmbeddedDataWithoutAServerRunning() throws Exception {
        Path release = HoliProcess.release();
        Api.Response created = HoliProcess.run(release, workDir, Map.of(), "users", "create", "--email", "cli@embedded.test",
                "--role", "ADMIN");
        assertThat(created.status()).as(created.body()).isZero();
        assertThat(created.body()).contains("Created ADMIN cli@embedded.test").contains("Password: ");
        Api.Response list = HoliProcess.run(release, workDir, Map.of(), "users", "list");
        assertThat(list.body()).contains("cli@embedded.test");
        // the command started the cluster for itself and stopped it again
        assertThat(dataDir.resolve("postgres/postmaster.pid")).doesNotExist();
    }

    /**
     * The demo clinic exported through FHIR Bulk Data as one of its clinicians: every line of every file parses and
     * validates against the R4 base definitions, every exported patient has an EXPORT record naming the export.
     */
    private static void bulkExportOfTheDemoClinicReadsBackValid(Api api, String admin) {
        String token = api.login("dr.ada@demo.holi", "demo-password-123");
        Api.Response started = api.send("GET", "/fhir/Patient/$export", token, null, Map.of("Prefer", "respond-async"));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String location = started.header("Content-Location");
        String status = location.substring(location.indexOf("/fhir/"));
        Api.Response[] manifest = new Api.Response[1];
        Awaitility.await("the demo clinic's export").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250))
                .until(() -> (manifest[0] = api.get(status, token)).status() != 202);
        assertThat(manifest[0].status()).as(manifest[0].body()).isEqualTo(200);
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        java.util.Set<String> patients = new java.util.HashSet<>();
        java.util.List<org.hl7.fhir.instance.model.api.IBaseResource> exported = new java.util.ArrayList<>();
        for (var file : manifest[0].json().get("output")) {
            String url = file.get("url").asString();
            Api.Response ndjson = api.get(url.substring(url.indexOf("/fhir/")), token);
            assertThat(ndjson.status()).isEqualTo(200);
            for (String line : ndjson.body().split("\n")) {
                var resource = io.holi.fhir.FhirProof.R4.newJsonParser().parseResource(line);
                exported.add(resource);
                counts.merge(resource.fhirType(), 1, Integer::sum);
                if (resource.fhirType().equals("Patient")) {
                    patients.add(resource.getIdElement().getIdPart());
                }
            }
        }
        io.holi.fhir.FhirProof.assertAllValid(exported);
        // dr.ada keeps half the demo clinic's 50 patients, each with appointments, a prescription and notes
        assertThat(counts).containsOnlyKeys("Patient", "Appointment", "MedicationRequest", "DocumentReference");
        assertThat(counts.get("Patient")).isEqualTo(25);
        Api.Response audited = api.get("/api/audit-logs?action=EXPORT&size=500", admin);
        java.util.Set<String> recorded = new java.util.HashSet<>();
        audited.json().get("items").forEach(i -> {
            if (i.hasNonNull("patientId") && "FhirExport".equals(i.get("resource").asString())) {
                recorded.add(i.get("patientId").asString());
            }
        });
        assertThat(recorded).isEqualTo(patients);
    }
}
