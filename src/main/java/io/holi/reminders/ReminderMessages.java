package io.holi.reminders;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reminders' text, per language, from {@code reminders/messages_<language>.properties}. A template can print only
 * the fields of {@link Fields} (the clinic, a first name, the date and time, the link): nothing else exists to print,
 * and a template naming anything else is refused when it loads.
 */
public final class ReminderMessages {

    /** The languages with templates; a patient's language outside these gets the clinic's default. */
    public static final List<String> LANGUAGES = List.of("en", "es");

    /** Everything a message may show. Not the reason for the visit, not the clinician, not a surname: they are not here. */
    public record Fields(String clinic, String firstName, String date, String time, String link) {
        public static final Set<String> NAMES = Set.of("clinic", "firstName", "date", "time", "link");

        Map<String, String> values() {
            return Map.of("clinic", clinic, "firstName", firstName == null ? "" : firstName, "date", date, "time", time, "link", link);
        }
    }

    /** A message as sent: a subject (email only, else empty) and its text. */
    public record Message(String subject, String text) {
        @Override
        public String toString() {
            return "Message[" + text.length() + " characters]"; // a first name and a link: never logged
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

    private final Map<String, Properties> templates = new LinkedHashMap<>();
    private final String defaultLanguage;

    public ReminderMessages(String defaultLanguage) {
        for (String language : LANGUAGES) {
            templates.put(language, load(language));
        }
        this.defaultLanguage = LANGUAGES.contains(defaultLanguage) ? defaultLanguage : "en";
    }

    /** Loads and checks one language's templates: every placeholder must be a field of {@link Fields}. */
    public static Properties load(String language) {
        String resource = "reminders/messages_" + language + ".properties";
        try (InputStream in = ReminderMessages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing");
            }
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String key : p.stringPropertyNames()) {
                Matcher m = PLACEHOLDER.matcher(p.getProperty(key));
                while (m.find()) {
                    if (!Fields.NAMES.contains(m.group(1))) {
                        throw new IllegalStateException(resource + ": " + key + " names {" + m.group(1) + "}, which a reminder cannot print; "
                                + "only " + Fields.NAMES + " exist");
                    }
                }
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String language(String wanted) {
        return wanted != null && LANGUAGES.contains(wanted) ? wanted : defaultLanguage;
    }

    /**
     * The date and time as the patient reads them, in the clinic's time zone and the message's language. Newer JDKs
     * put a narrow no-break space before "AM": plain spaces keep an SMS in the GSM alphabet (one segment, not two).
     */
    public static String[] dateAndTime(Instant at, ZoneId zone, String language) {
        Locale locale = Locale.forLanguageTag(language);
        var local = at.atZone(zone);
        return new String[]{gsm(DateTimeFormatter.ofLocalizedDate(FormatStyle.FULL).withLocale(locale).format(local)),
                gsm(DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale).format(local))};
    }

    private static String gsm(String s) {
        return s.replace('\u202f', ' ').replace('\u00a0', ' ');
    }

    public Message render(Channel channel, String language, Fields fields) {
        Properties t = templates.get(language(language));
        boolean named = fields.firstName() != null && !fields.firstName().isBlank();
        return switch (channel) {
            case SMS -> new Message("", fill(t.getProperty(named ? "sms" : "sms.anonymous"), fields));
            case EMAIL -> new Message(fill(t.getProperty("email.subject"), fields),
                    fill(t.getProperty(named ? "email.text" : "email.text.anonymous"), fields));
        };
    }

    /** The words of the page a reminder's link opens, in a language ({@code page.*} keys, without the prefix). */
    public Map<String, String> page(String language) {
        Properties t = templates.get(language(language));
        Map<String, String> out = new java.util.TreeMap<>();
        t.stringPropertyNames().stream().filter(k -> k.startsWith("page.")).forEach(k -> out.put(k, t.getProperty(k)));
        return out;
    }

    /** The answer to a text saying HELP. */
    public String help(String language, String clinic) {
        return fill(templates.get(language(language)).getProperty("sms.help"), new Fields(clinic, "", "", "", ""));
    }

    private static String fill(String template, Fields fields) {
        Map<String, String> values = fields.values();
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
