package io.holi;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTest {

    @Test
    void modulesOnlyUseEachOthersPublishedApiAndHaveNoCycles() {
        ApplicationModules.of(HoliApplication.class).verify();
    }
}
