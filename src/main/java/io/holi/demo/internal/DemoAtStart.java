package io.holi.demo.internal;

import io.holi.demo.DemoClinic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** {@code holi serve --demo}: the demo clinic is made (once) when the service starts. */
@Component
@ConditionalOnProperty(name = "holi.demo", havingValue = "true")
class DemoAtStart {

    private final DemoClinic demo;

    DemoAtStart(DemoClinic demo) {
        this.demo = demo;
    }

    /** After the first administrator is made (a new install gets one, demo or not). */
    @EventListener(ApplicationStartedEvent.class)
    @Order(Ordered.LOWEST_PRECEDENCE)
    void seed() {
        System.out.println(demo.seed().describe());
        System.out.flush();
    }
}
