package io.holi.platform.internal;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.Formatter;
import org.springframework.format.FormatterRegistry;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.ext.javatime.deser.LocalDateDeserializer;
import tools.jackson.databind.module.SimpleModule;

import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What every value a client sends must be, whatever the field, before any module sees it: text without NUL
 * characters or broken UTF-16 (PostgreSQL refuses the one, the password hash the other), and dates and instants
 * between the years 1 and 9999 (years like +999999999 parse, then break every clock and column they reach).
 * JSON bodies are checked by Jackson (which also refuses a key given twice), query parameters by Spring's
 * formatters; either way the answer is a 400 naming the field.
 */
@Configuration(proxyBeanMethods = false)
class InputRules {

    static final LocalDate EARLIEST = LocalDate.of(1, 1, 1);
    static final LocalDate LATEST = LocalDate.of(9999, 12, 31);
    static final String DATE_RANGE = "between 0001-01-01 and 9999-12-31";

    /** A value that parsed but is not acceptable; the reason names what is wrong, never the value. */
    static final class UnacceptableValueException extends MismatchedInputException {
        private final String reason;

        UnacceptableValueException(JsonParser p, String reason, Class<?> type) {
            super(p, reason, type);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    /** Why the text cannot be stored, or empty. Tabs and line breaks are fine (notes have them); NUL is not. */
    static Optional<String> textProblem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u0000') {
                return Optional.of("must not contain a NUL character");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return Optional.of("must be valid Unicode text (it contains a lone surrogate)");
            }
            if (Character.isLowSurrogate(c)) {
                return Optional.of("must be valid Unicode text (it contains a lone surrogate)");
            }
        }
        return Optional.empty();
    }

    static boolean inRange(LocalDate d) {
        return !d.isBefore(EARLIEST) && !d.isAfter(LATEST);
    }

    static boolean inRange(Instant i) {
        return !i.isBefore(EARLIEST.atStartOfDay(ZoneOffset.UTC).toInstant())
                && i.isBefore(LATEST.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    @Bean
    JacksonModule inputRulesModule() {
        SimpleModule module = new SimpleModule("holi-input-rules");
        module.addDeserializer(String.class, new CheckedText());
        module.addDeserializer(LocalDate.class, new InRange<>(LocalDate.class, LocalDateDeserializer.INSTANCE,
                InputRules::inRange, "must be a date " + DATE_RANGE));
        module.addDeserializer(Instant.class, new InRange<>(Instant.class, InstantDeserializer.INSTANT,
                InputRules::inRange, "must be a timestamp " + DATE_RANGE));
        return module;
    }

    /** {"password": "a", "password": "b"} is ambiguous: refused, not "the last one wins". */
    @Bean
    JsonMapperBuilderCustomizer strictDuplicateKeys() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /**
     * Bodies are read as JSON, through the rules above, and answers are written as JSON. Spring MVC would also read and
     * write XML and YAML, through Jackson 2, because libraries bring those formats along (Twilio's SDK brings
     * jackson-dataformat-xml, springdoc jackson-dataformat-yaml): a body read that way passes none of these rules, an
     * answer written that way is a format nobody tested, and every JSON answer paid for asking those converters. They
     * are removed: such a body is answered 415, such an Accept 406.
     */
    @Bean
    WebMvcConfigurer jsonOnly() {
        return new WebMvcConfigurer() {
            @Override
            public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
                builder.configureMessageConvertersList(converters -> converters.removeIf(InputRules::otherFormat));
            }
        };
    }

    /** A converter for XML or YAML (text the input rules do not read). */
    static boolean otherFormat(HttpMessageConverter<?> converter) {
        return converter.getSupportedMediaTypes().stream()
                .anyMatch(type -> type.getSubtype().endsWith("xml") || type.getSubtype().contains("yaml"));
    }

    @Bean
    WebMvcConfigurer inputRulesForParameters() {
        return new WebMvcConfigurer() {
            @Override
            public void addFormatters(FormatterRegistry registry) {
                registry.addFormatterForFieldType(LocalDate.class,
                        new ParameterInRange<LocalDate>(LocalDate::parse, InputRules::inRange, "a date"));
                registry.addFormatterForFieldType(Instant.class,
                        new ParameterInRange<Instant>(Instant::parse, InputRules::inRange, "a timestamp"));
            }
        };
    }

    private static final class CheckedText extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            String s = super.deserialize(p, ctxt);
            if (s != null) {
                Optional<String> problem = textProblem(s);
                if (problem.isPresent()) {
                    throw new UnacceptableValueException(p, problem.get(), String.class);
                }
            }
            return s;
        }
    }

    /** Parses with the standard deserializer, then refuses a value outside the range. */
    private static final class InRange<T> extends StdDeserializer<T> {
        private final ValueDeserializer<T> standard;
        private final Predicate<T> inRange;
        private final String reason;

        InRange(Class<T> type, ValueDeserializer<T> standard, Predicate<T> inRange, String reason) {
            super(type);
            this.standard = standard;
            this.inRange = inRange;
            this.reason = reason;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            T value = standard.deserialize(p, ctxt);
            if (value != null && !inRange.test(value)) {
                throw new UnacceptableValueException(p, reason, handledType());
            }
            return value;
        }
    }

    /** A query parameter of type T: parsed, then refused outside the range (the message never quotes the text). */
    private record ParameterInRange<T>(Function<String, T> parse, Predicate<T> inRange, String what) implements Formatter<T> {
        @Override
        public T parse(String text, Locale locale) throws ParseException {
            try {
                T value = parse.apply(text.strip());
                if (inRange.test(value)) {
                    return value;
                }
            } catch (DateTimeParseException e) {
                // reported below, without the text
            }
            throw new ParseException("not " + what + " " + DATE_RANGE, 0);
        }

        @Override
        public String print(T value, Locale locale) {
            return value.toString();
        }
    }
}
