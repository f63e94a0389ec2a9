package io.holi.identity;

import io.holi.platform.HoliException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a password must be (NIST SP 800-63B's advice): long enough, not one of the 10,000 most common passwords
 * (nor one of them with digits or symbols added at the end), not a single character repeated. Plain Java, the
 * same rule for creating a user, changing one's own password and an administrator's reset.
 */
public final class PasswordPolicy {

    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 128;
    private static final Set<String> COMMON = load();

    private PasswordPolicy() {
    }

    /** Why the password is refused, or empty when it is acceptable. The reason never quotes the password. */
    public static Optional<String> problem(String password) {
        if (password == null || password.isEmpty()) {
            return Optional.of("is required");
        }
        if (password.length() < MIN_LENGTH) {
            return Optional.of("must be at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of("must be at most " + MAX_LENGTH + " characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower)) {
            return Optional.of("is one of the 10,000 most common passwords; choose another");
        }
        String stem = lower.replaceAll("[^\\p{L}]+$", "");
        if (stem.length() >= 4 && COMMON.contains(stem)) {
            return Optional.of("is a common password with digits or symbols added; choose another");
        }
        if (password.codePoints().distinct().count() < 4) {
            return Optional.of("must use more than three different characters");
        }
        return Optional.empty();
    }

    /** @throws HoliException INVALID naming {@code field} when the password is refused */
    public static void require(String field, String password) {
        problem(password).ifPresent(reason -> {
            throw HoliException.invalid(field, reason);
        });
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>(16_384);
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("common-passwords.txt is missing from the jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    words.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
