package io.holi.cli;

/** The {@code holi} executable: {@code java -jar holi.jar <command>}. */
public final class HoliMain {

    private HoliMain() {
    }

    public static void main(String[] args) {
        var help = CachedHelp.forArguments(args);
        if (help.isPresent()) {
            System.out.print(help.get());
            System.out.flush();
            return;
        }
        int code = Cli.execute(args);
        if (code != Cli.SERVED) {
            System.exit(code);
        }
    }
}
