package io.holi.cli;

import io.holi.testing.TempDirs;
import io.holi.testing.CommandLineTest;
import io.holi.platform.DatabaseUrl;
import io.holi.testing.CliRunner;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user runs it: real commands against a real database, exit codes and messages. */
class CliTest extends CommandLineTest {

    private static DatabaseUrl database;

    record Run(int exitCode, String out, String err) {
    }

    private static Run run(String stdin, String... args) {
        CliRunner.Run r = command(stdin, args);
        return new Run(r.exitCode(), r.out(), r.err());
    }

    /** A command has no load balancer to drain: it ends when its work is done (each command paused 3 s before). */
    @Test
    void aCommandsApplicationStopsWithoutAReadinessDrain() {
        run("", "users", "list");
        var application = CliRunner.sharedContext(settings(), CliContext.Kind.APPLICATION);
        assertThat(application.getBeansOfType(org.springframework.context.SmartLifecycle.class).values())
                .noneMatch(bean -> bean.getClass().getSimpleName().equals("ReadinessDrain"));
    }

    @Test
    void helpAndVersionExitZero() {
        Run help = run("", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("serve").contains("users").contains("Exit codes");
        Run version = run("", "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("holi ");
        assertThat(run("", "users", "create", "--help").out()).contains("--email").contains("ADMIN, CLINICIAN, STAFF, AUDITOR");
    }

    @Test
    void keysStatusAndRotateReportWhatTheyDid() {
        Run status = run("", "keys", "status");
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).contains("Active key version: 1").contains("patients.email_enc").contains("note_versions.text_enc");
        Run rotate = run("", "keys", "rotate", "--batch-size", "50");
        assertThat(rotate.exitCode()).isZero();
        assertThat(rotate.out()).contains("Re-encrypted 0 values onto key version 1");
        assertThat(run("", "keys", "rotate", "--batch-size", "0").exitCode()).isEqualTo(2);
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("", "no-such-command").exitCode()).isEqualTo(2);
        Run missing = run("", "users", "create", "--role", "STAFF");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--email");
        Run badRole = run("", "users", "create", "--email", "x@cli.test", "--role", "KING");
        assertThat(badRole.exitCode()).isEqualTo(2);
        assertThat(badRole.err()).contains("KING").contains("CLINICIAN");
        Run shortPassword = run("short\n", "users", "create", "--email", "x@cli.test", "--role", "STAFF", "--password-stdin");
        assertThat(shortPassword.exitCode()).isEqualTo(2);
        assertThat(shortPassword.err()).contains("at least 12 characters");
    }

    @Test
    void usersCreateListDeactivateWorkAndAreAudited() throws Exception {
        Run created = run("a-long-enough-password\n", "users", "create", "--email", "Nurse@Cli.Test", "--name", "Nurse Joy",
                "--role", "CLINICIAN", "--password-stdin");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("Created CLINICIAN nurse@cli.test");
        assertThat(created.out()).doesNotContain("a-long-enough-password");

        Run generated = run("", "users", "create", "--email", "gen@cli.test", "--role", "AUDITOR");
        assertThat(generated.exitCode()).isZero();
        assertThat(generated.out()).contains("Password: ");

        Run duplicate = run("a-long-enough-password\n", "users", "create", "--email", "nurse@cli.test", "--role", "STAFF",
                "--password-stdin");
        assertThat(duplicate.exitCode()).isEqualTo(1);
        assertThat(duplicate.err()).contains("already exists");

        Run list = run("", "users", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.out()).contains("nurse@cli.test").contains("CLINICIAN").contains("gen@cli.test");

        Run deactivate = run("", "users", "deactivate", "nurse@cli.test");
        assertThat(deactivate.exitCode()).isZero();
        assertThat(run("", "users", "list", "--format", "json").out()).contains("\"active\" : false");
        assertThat(run("", "users", "deactivate", "nobody@cli.test").exitCode()).isEqualTo(1);

        try (var c = DriverManager.getConnection(DATABASE.jdbcUrl(), DATABASE.username(), DATABASE.password());
             var s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT action, user_email, role FROM audit_logs ORDER BY id")) {
            StringBuilder rows = new StringBuilder();
            while (rs.next()) {
                rows.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getString(3)).append('\n');
            }
            assertThat(rows.toString()).contains("CREATE_USER system:").contains("DELETE_USER system:").contains("SYSTEM");
        }
    }

    @Test
    void maintenanceModeTurnsOnAndOffAndIsRecorded() throws Exception {
        Run on = run("", "maintenance", "on", "--reason", "database upgrade");
        assertThat(on.exitCode()).as(on.err()).isZero();
        assertThat(on.out()).contains("Maintenance mode is ON").contains("database upgrade");
        assertThat(run("", "maintenance", "status").out()).contains("is ON");
        Run off = run("", "maintenance", "off");
        assertThat(off.out()).contains("Maintenance mode is off");
        try (var c = DriverManager.getConnection(DATABASE.jdbcUrl(), DATABASE.username(), DATABASE.password());
             var s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM holi_ops.operation_runs WHERE kind LIKE 'maintenance.%'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void fhirClientsAreAddedListedAndRevoked() throws Exception {
        run("a-long-enough-password\n", "users", "create", "--email", "lab-owner@cli.test", "--role", "CLINICIAN", "--password-stdin");
        var key = io.holi.testing.TestKeys.rsa(0, "lab-1");
        java.nio.file.Path publicKeys = TempDirs.file("jwks", ".json");
        java.nio.file.Path privateKeys = TempDirs.file("jwks-private", ".json");
        try {
            java.nio.file.Files.writeString(publicKeys, new com.nimbusds.jose.jwk.JWKSet(key.toPublicJWK()).toString());
            java.nio.file.Files.writeString(privateKeys, new com.nimbusds.jose.jwk.JWKSet(key).toString(false));
            Run added = run("", "fhir", "clients", "add", "--name", "city-lab", "--jwks", publicKeys.toString(),
                    "--user", "lab-owner@cli.test", "--scope", "system/*.rs");
            assertThat(added.exitCode()).as(added.err()).isZero();
            assertThat(added.out()).contains("Registered client city-lab").contains("client_id: ").contains("acts as:   lab-owner@cli.test")
                    .contains("scope:     system/*.rs");
            Run leaky = run("", "fhir", "clients", "add", "--name", "leaky-lab", "--jwks", privateKeys.toString(),
                    "--user", "lab-owner@cli.test", "--scope", "system/*.rs");
            assertThat(leaky.exitCode()).isEqualTo(2);
            assertThat(leaky.err()).contains("private key");
            assertThat(run("", "fhir", "clients", "add", "--name", "x-lab", "--jwks", "/no/such/file", "--user", "lab-owner@cli.test",
                    "--scope", "system/*.rs").err()).contains("no file /no/such/file");
            assertThat(run("", "fhir", "clients", "list").out()).contains("city-lab").contains("active").contains("lab-owner@cli.test");
            Run revoked = run("", "fhir", "clients", "revoke", "city-lab");
            assertThat(revoked.exitCode()).as(revoked.err()).isZero();
            assertThat(revoked.out()).contains("Revoked client city-lab");
            assertThat(run("", "fhir", "clients", "list").out()).contains("revoked");
            assertThat(run("", "fhir", "clients", "revoke", "no-such-lab").exitCode()).isEqualTo(1);
            assertThat(run("", "fhir").exitCode()).isEqualTo(2);
        } finally {
            java.nio.file.Files.deleteIfExists(publicKeys);
            java.nio.file.Files.deleteIfExists(privateKeys);
        }
    }
}
