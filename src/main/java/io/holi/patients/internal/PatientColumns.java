package io.holi.patients.internal;

import io.holi.crypto.EncryptedColumn;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The patients module's encrypted columns, for key status and rotation. */
@Configuration(proxyBeanMethods = false)
class PatientColumns {

    @Bean
    EncryptedColumn patientEmail() {
        return PatientRepository.EMAIL;
    }

    @Bean
    EncryptedColumn patientPhone() {
        return PatientRepository.PHONE;
    }

    @Bean
    EncryptedColumn patientAddress() {
        return PatientRepository.ADDRESS;
    }

    @Bean
    EncryptedColumn patientNationalId() {
        return PatientRepository.NATIONAL_ID;
    }
}
