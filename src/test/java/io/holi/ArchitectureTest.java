package io.holi;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The PHI gate cannot be bypassed by reaching a clinical table from elsewhere. */
class ArchitectureTest {

    /**
     * holi's own classes only: the rules name library classes (Spring's annotations and packages) by name, which
     * ArchUnit knows without reading their class files. Not resolving them costs a third of the import; the setting
     * is this thread's alone, so Spring Modulith's import beside it (ModularityTest, the diagrams) still resolves.
     */
    private static final JavaClasses CLASSES = ArchConfiguration.withThreadLocalScope(configuration -> {
        configuration.setResolveMissingDependenciesFromClassPath(false);
        return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.holi");
    });

    private static final String[] CLINICAL = {"patients", "scheduling", "prescribing", "notes", "access"};

    @Test
    void clinicalRepositoriesAreUsedOnlyInsideTheirOwnModule() {
        for (String module : CLINICAL) {
            ArchRule rule = noClasses().that().resideOutsideOfPackage("io.holi." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("io.holi." + module + ".internal..")
                    .because("records of '" + module + "' are reached only through its service, which asks the PHI gate");
            rule.check(CLASSES);
        }
    }

    @Test
    void controllersNeverTouchRepositoriesOrTheDatabaseDirectly() {
        noClasses().that().areAnnotatedWith(RestController.class)
                .should().dependOnClassesThat().haveSimpleNameEndingWith("Repository")
                .orShould().dependOnClassesThat().resideInAPackage("org.springframework.jdbc..")
                .because("a controller goes through its module's service, where the gate and the audit trail are")
                .check(CLASSES);
    }

    /** Issue 12: a class a reader takes in at once; past 300 lines it is split along its seams. */
    @Test
    void noSourceFileIsOver300Lines() throws java.io.IOException {
        java.util.List<String> found = new java.util.ArrayList<>();
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                int lines = java.nio.file.Files.readAllLines(f).size();
                if (lines > 300) {
                    found.add(f + ": " + lines + " lines");
                }
            }
        }
        org.assertj.core.api.Assertions.assertThat(found).as("split these along their seams").isEmpty();
    }

    @Test
    void rolesAreTheRoleEnumEverywhereButInPreAuthorizeExpressions() throws java.io.IOException {
        java.util.regex.Pattern literal = java.util.regex.Pattern.compile("[\"'](ADMIN|CLINICIAN|STAFF|AUDITOR)[\"']");
        java.util.List<String> found = new java.util.ArrayList<>();
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/java"))) {
            for (java.nio.file.Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (f.endsWith("platform/Role.java")) {
                    continue;
                }
                var lines = java.nio.file.Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (literal.matcher(lines.get(i)).find() && !lines.get(i).contains("@PreAuthorize")) {
                        found.add(f + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        org.assertj.core.api.Assertions.assertThat(found).as("role names as strings; use io.holi.platform.Role").isEmpty();
    }

    @Test
    void nothingButTheChartExportUsesTheUngatedExportReads() {
        noClasses().that().resideOutsideOfPackage("io.holi.chart..")
                .and().doNotHaveFullyQualifiedName("io.holi.fhir.internal.ExportContent")
                .should().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                        com.tngtech.archunit.core.domain.properties.HasName.Predicates.name("forExport")))
                .because("forExport reads skip the gate: only ChartExport and the FHIR bulk export, each after its own EXPORT "
                        + "decision per patient, may call them")
                .check(CLASSES);
    }
}
