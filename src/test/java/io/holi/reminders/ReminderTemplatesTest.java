package io.holi.reminders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * No template can print PHI: a message's only fields are the clinic, a first name, the date, the time and the link
 * (the record has nothing else to print), every template of every language names only those, and a template naming
 * anything else is refused when it loads.
 */
class ReminderTemplatesTest {

    @Test
    void theFieldsAMessageCanPrintAreExactlyTheseFiveAndNoneIsClinical() {
        Set<String> components = Arrays.stream(ReminderMessages.Fields.class.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toSet());
        assertThat(components).isEqualTo(Set.of("clinic", "firstName", "date", "time", "link")).isEqualTo(ReminderMessages.Fields.NAMES);
    }

    @Test
    void everyTemplateOfEveryLanguageNamesOnlyThoseFieldsAndHasEveryMessage() {
        Pattern placeholder = Pattern.compile("\\{([^}]*)}");
        for (String language : ReminderMessages.LANGUAGES) {
            Properties t = ReminderMessages.load(language);
            assertThat(t.stringPropertyNames()).as(language).containsExactlyInAnyOrderElementsOf(ReminderMessages.load("en").stringPropertyNames())
                    .contains("sms", "sms.anonymous", "sms.help", "email.subject", "email.text", "email.text.anonymous", "page.confirm");
            for (String key : t.stringPropertyNames()) {
                Matcher m = placeholder.matcher(t.getProperty(key));
                while (m.find()) {
                    assertThat(ReminderMessages.Fields.NAMES).as(language + " " + key).contains(m.group(1));
                }
                if (key.endsWith(".anonymous")) {
                    assertThat(t.getProperty(key)).as(language + " " + key).doesNotContain("{firstName}");
                }
                if (!key.equals("sms.help") && !key.equals("email.subject") && !key.startsWith("page.")) {
                    assertThat(t.getProperty(key)).as(language + " " + key).contains("{link}").contains("{date}").contains("{time}");
                }
            }
        }
    }

    @Test
    void aTemplateThatNamesAnythingElseIsRefusedWhenItLoads() {
        assertThatThrownBy(() -> ReminderMessages.load("xx")).hasMessageContaining("reminders/messages_xx.properties");
        // the test resources hold a template that tries to print the visit's reason
        assertThatThrownBy(() -> ReminderMessages.load("zz")).hasMessageContaining("{reason}").hasMessageContaining("cannot print");
    }

    @Test
    void aRenderedMessageCarriesTheClinicTheTimeAndTheLinkAndWithoutFirstNamesNoName() {
        ReminderMessages m = new ReminderMessages("en");
        String[] when = ReminderMessages.dateAndTime(Instant.parse("2027-01-04T14:30:00Z"), ZoneId.of("America/New_York"), "en");
        ReminderMessages.Message sms = m.render(Channel.SMS, "en", new ReminderMessages.Fields("Riverside Clinic", "Ana", when[0], when[1], "https://c/r/t"));
        assertThat(sms.text()).isEqualTo("Hi Ana, this is Riverside Clinic: a reminder of your appointment on Monday, January 4, 2027 at 9:30 AM. "
                + "Confirm or cancel: https://c/r/t");
        ReminderMessages.Message anonymous = m.render(Channel.EMAIL, "es", new ReminderMessages.Fields("Riverside Clinic", "", when[0], when[1], "https://c/r/t"));
        assertThat(anonymous.subject()).startsWith("Su cita en Riverside Clinic el ");
        assertThat(anonymous.text()).startsWith("Hola:").contains("https://c/r/t");
        assertThat(sms.toString()).doesNotContain("Ana");
    }
}
