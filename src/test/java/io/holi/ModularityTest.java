package io.holi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The modules' boundaries: each module names the modules it may use in its package-info
 * ({@code @ApplicationModule(allowedDependencies = …)}), uses only their published types (never an
 * {@code internal} package), and no two modules depend on each other in a cycle. The build writes the module
 * diagram (PlantUML) and one canvas per module into {@code docs/modules/}.
 */
class ModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(HoliApplication.class);

    @Test
    void modulesUseOnlyTheirDeclaredDependenciesThroughTheirPublishedApiWithoutCycles() throws Exception {
        MODULES.verify();
        String open = (String) ((Object[]) ApplicationModule.class.getMethod("allowedDependencies").getDefaultValue())[0];
        for (var module : MODULES) {
            var declared = Class.forName(module.getBasePackage().getName() + ".package-info").getAnnotation(ApplicationModule.class);
            assertThat(declared).as("module %s has an @ApplicationModule package-info", module.getIdentifier()).isNotNull();
            assertThat(declared.allowedDependencies()).as("module %s declares its allowed dependencies", module.getIdentifier())
                    .doesNotContain(open);
        }
    }

    @Test
    void writesTheModuleDiagramIntoTheDocs() throws Exception {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        Path overview = Path.of("docs/modules/components.puml");
        assertThat(overview).exists();
        assertThat(Files.readString(overview)).contains("Platform").contains("Database").contains("Audit");
    }
}
