package io.holi.cli;

/** The {@code holi} executable: {@code java -jar holi.jar <command>}. */
public final class HoliMain {

    private HoliMain() {
    }

    public static void main(String[] args) {
        int code = Cli.execute(args);
        if (code != Cli.SERVED) {
            System.exit(code);
        }
    }
}
