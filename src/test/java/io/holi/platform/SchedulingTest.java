package io.holi.platform;

import io.holi.testing.ApiTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.TaskScheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler every background task shares (procedures, reminders, status probes, the password watcher, metrics):
 * a procedure that takes minutes does not hold up the rest.
 */
class SchedulingTest extends ApiTest {

    @Autowired
    TaskScheduler scheduler;

    @Test
    void aLongProcedureLeavesTheSchedulerToTheOthers() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try {
            scheduler.schedule(() -> {
                started.countDown();
                try {
                    release.await(5, TimeUnit.MINUTES); // a backup, a restore drill, an anomaly scan over a large trail
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, Instant.now());
            assertThat(started.await(1, TimeUnit.MINUTES)).as("the long procedure started").isTrue();

            AtomicBoolean ran = new AtomicBoolean();
            scheduler.schedule(() -> ran.set(true), Instant.now());
            Awaitility.await("another task while the long one runs").atMost(Duration.ofMinutes(1)).untilTrue(ran);
            assertThat(release.getCount()).as("the long procedure is still running").isEqualTo(1);
        } finally {
            release.countDown();
        }
    }
}
