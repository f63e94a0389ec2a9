package io.holi.patients.internal;

/** Medical record numbers: "H", eight digits from a sequence, and a Luhn check digit against typos. */
final class Mrn {

    private Mrn() {
    }

    static String of(long sequence) {
        String digits = String.format("%08d", sequence);
        return "H" + digits + luhn(digits);
    }

    static int luhn(String digits) {
        int sum = 0;
        boolean doubleIt = true;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return (10 - sum % 10) % 10;
    }

    static boolean valid(String mrn) {
        return mrn != null && mrn.matches("H\\d{9}") && luhn(mrn.substring(1, 9)) == mrn.charAt(9) - '0';
    }
}
