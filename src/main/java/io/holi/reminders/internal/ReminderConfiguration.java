package io.holi.reminders.internal;

import io.holi.audit.AuditTrail;
import io.holi.ops.VendorInventory;
import io.holi.patients.PatientService;
import io.holi.platform.HoliProperties;
import io.holi.reminders.ReminderMessages;
import io.holi.reminders.ReminderProperties;
import io.holi.scheduling.AppointmentService;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;

@Configuration(proxyBeanMethods = false)
class ReminderConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReminderConfiguration.class);

    @Bean
    ReminderMessages reminderMessages(ReminderProperties properties) {
        return new ReminderMessages(properties.defaultLanguage());
    }

    @Bean
    TwilioSender twilioSender(ReminderProperties properties) {
        return new TwilioSender(properties.twilio(), properties.publicBase());
    }

    @Bean
    ResendSender resendSender(ReminderProperties properties) {
        return new ResendSender(properties.resend());
    }

    @Bean
    ReminderWorker reminderWorker(ReminderRepository repository, AppointmentService appointments, PatientService patients,
                                  VendorInventory vendors, List<Sender> senders, ReminderMessages messages,
                                  ReminderProperties properties, HoliProperties holi, AuditTrail audit, MeterRegistry meters) {
        return new ReminderWorker(repository, appointments, patients, vendors, senders, messages, properties, holi, audit, meters);
    }

    /** Every serving instance drains the outbox; the claims keep them from sending a reminder twice. */
    @Bean
    @ConditionalOnProperty(name = "holi.mode", havingValue = "serve", matchIfMissing = true)
    WorkerSchedule reminderWorkerSchedule(ReminderWorker worker, ReminderProperties properties, TaskScheduler scheduler) {
        return new WorkerSchedule(worker, properties, scheduler);
    }

    record WorkerSchedule(ReminderWorker worker, ReminderProperties properties, TaskScheduler scheduler) {
        @EventListener(ApplicationReadyEvent.class)
        public void start() {
            if (properties.pollInterval().isZero() || properties.pollInterval().isNegative()) {
                log.info("Reminder worker is off (holi.reminders.poll-interval=0)");
                return;
            }
            scheduler.scheduleWithFixedDelay(() -> {
                try {
                    worker.drain();
                } catch (RuntimeException e) {
                    log.warn("Reminder worker pass failed: {}", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                }
            }, properties.pollInterval());
        }
    }
}
