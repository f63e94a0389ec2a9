package io.holi.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class MeterDescriptionsTest {

    @Test
    void libraryMetersGetAHelpTextAndHolisOwnMissingOnesStayVisible() {
        var registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new MeterDescriptions());
        assertThat(registry.counter("tomcat.sessions.created").getId().getDescription()).isEqualTo("HTTP sessions Tomcat created");
        assertThat(registry.counter("some.library.meter").getId().getDescription()).isEqualTo("Library meter some.library.meter");
        assertThat(registry.counter("holi_undescribed").getId().getDescription()).isNull();
        assertThat(registry.counter("audit_undescribed").getId().getDescription()).isNull();
    }
}
