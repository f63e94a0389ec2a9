package io.holi.fhir.internal;

import ca.uhn.fhir.rest.server.IResourceProvider;
import io.holi.audit.AuditTrail;
import io.holi.identity.UserService;
import io.holi.notes.NoteService;
import io.holi.patients.PatientService;
import io.holi.platform.ProblemWriter;
import io.holi.prescribing.PrescriptionService;
import io.holi.scheduling.AppointmentService;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * HAPI's server at /fhir/* beside Spring MVC: a servlet of its own, behind the same security, rate-limit, audit
 * coverage and request-id filters as /api (they are registered for every path).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class FhirConfiguration {

    @Bean
    FhirRequests fhirRequests(AuditTrail audit, BackendClients clients) {
        return new FhirRequests(audit, clients);
    }

    @Bean
    ServletRegistrationBean<HoliFhirServer> fhirServlet(FhirRequests requests, PatientService patients, UserService users,
                                                        AppointmentService appointments, PrescriptionService prescriptions,
                                                        NoteService notes, AuditTrail audit, BulkExports exports) {
        List<IResourceProvider> providers = List.of(new PatientProvider(patients, requests, exports), new PractitionerProvider(users),
                new AppointmentProvider(appointments, requests), new MedicationRequestProvider(prescriptions, requests),
                new DocumentReferenceProvider(notes, requests), new AuditEventProvider(audit), new GroupProvider(exports));
        ServletRegistrationBean<HoliFhirServer> bean = new ServletRegistrationBean<>(new HoliFhirServer(providers, requests), "/fhir/*");
        bean.setName("fhir");
        return bean;
    }

    @Bean
    ServletRegistrationBean<ExportFiles> exportFiles(BulkExports exports, ProblemWriter problems, JsonMapper json) {
        ServletRegistrationBean<ExportFiles> bean = new ServletRegistrationBean<>(new ExportFiles(exports, problems, json),
                "/fhir/bulk-status/*", "/fhir/bulk-files/*");
        bean.setName("fhir-bulk");
        return bean;
    }

    @Bean
    ServletRegistrationBean<SmartConfiguration> smartConfiguration(JsonMapper json) {
        ServletRegistrationBean<SmartConfiguration> bean = new ServletRegistrationBean<>(new SmartConfiguration(json),
                "/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration");
        bean.setName("smart-configuration");
        return bean;
    }
}
