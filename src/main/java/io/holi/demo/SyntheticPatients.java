package io.holi.demo;

import io.holi.platform.Role;
import io.holi.identity.UserAccount;
import io.holi.identity.UserService;
import io.holi.patients.PatientInput;
import io.holi.patients.PatientService;
import io.holi.patients.Sex;
import io.holi.platform.Caller;
import io.holi.platform.HoliException;
import org.springframework.stereotype.Service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Synthetic patients for load tests and capacity planning: realistic names (thousands of distinct ones),
 * birth dates and contact details, registered through {@link PatientService} as a given clinician, so each one
 * is encrypted, granted to its creator and audited exactly as in production.
 */
@Service
public class SyntheticPatients {

    private static final String[] FIRST = {"Ava", "Liam", "Maya", "Noah", "Zoe", "Omar", "Lena", "Ivan", "Sofia", "Yuki",
            "Amara", "Lucas", "Chloe", "Mateo", "Priya", "Jonas", "Aisha", "Leo", "Nora", "Hugo", "Emma", "Olivia", "Ethan",
            "Mia", "Aria", "Mason", "Layla", "Elijah", "Luna", "James", "Grace", "Kofi", "Mei", "Arjun", "Fatima", "Diego",
            "Ingrid", "Tariq", "Sven", "Rosa", "Kenji", "Amina", "Pablo", "Hana", "Ravi", "Elena", "Tomas", "Zara", "Felix", "Iris"};
    private static final String[] ONSETS = {"b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w",
            "br", "ch", "dr", "gr", "kr", "pr", "sh", "st", "th", "tr"};
    private static final String[] VOWELS = {"a", "e", "i", "o", "u", "ai", "ea", "ou", "ie"};
    private static final String[] CODAS = {"", "n", "r", "s", "l", "m", "nd", "rt", "ck", "ng", "son", "ley", "ton", "man", "berg", "ez"};
    private static final String[] STREETS = {"Main", "Oak", "Pine", "Maple", "Cedar", "Elm", "Lake", "Hill", "Park", "River"};

    private final PatientService patients;
    private final UserService users;

    SyntheticPatients(PatientService patients, UserService users) {
        this.patients = patients;
        this.users = users;
    }

    /** A plausible surname from syllables: about 100 000 distinct ones, spread like real ones. */
    static String surname(SplittableRandom r) {
        int syllables = 2 + r.nextInt(2);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            sb.append(ONSETS[r.nextInt(ONSETS.length)]).append(VOWELS[r.nextInt(VOWELS.length)]);
        }
        sb.append(CODAS[r.nextInt(CODAS.length)]);
        return Character.toUpperCase(sb.charAt(0)) + sb.substring(1);
    }

    static PatientInput patient(long n, SplittableRandom r) {
        String first = FIRST[r.nextInt(FIRST.length)];
        String last = surname(r);
        return new PatientInput(first, last, LocalDate.of(1930 + r.nextInt(90), 1 + r.nextInt(12), 1 + r.nextInt(28)),
                Sex.values()[r.nextInt(3)], first.toLowerCase() + "." + last.toLowerCase() + n + "@example.org",
                String.format("+1 %03d 555 %04d", 200 + r.nextInt(700), r.nextInt(10_000)),
                (1 + r.nextInt(999)) + " " + STREETS[r.nextInt(STREETS.length)] + " Street, Springfield",
                String.format("%03d-%02d-%04d", r.nextInt(1000), r.nextInt(100), n % 10_000));
    }

    /**
     * Registers {@code count} patients as the clinician {@code asEmail}, on {@code threads} threads.
     *
     * @return how many were registered
     */
    public long load(long count, String asEmail, int threads, Consumer<Long> progress) throws Exception {
        UserAccount clinician = users.findByEmail(asEmail)
                .filter(u -> u.active() && u.role() == Role.CLINICIAN)
                .orElseThrow(() -> HoliException.invalid("--as", "must be the email of an active clinician"));
        Caller caller = new Caller(clinician.id(), clinician.email(), clinician.role());
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = 42 + t;
                int shard = t;
                work.add(pool.submit(() -> caller.runAs(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    for (long n = shard; n < count; n += threads) {
                        patients.create(patient(n, r));
                        long d = done.incrementAndGet();
                        if (d % 10_000 == 0) {
                            progress.accept(d);
                        }
                    }
                    return null;
                })));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return done.get();
    }
}
