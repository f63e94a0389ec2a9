package io.holi;

import io.holi.cli.Cli;

/** The {@code holi} executable: {@code java -jar holi.jar <command>}. */
public final class Holi {

    private Holi() {
    }

    public static void main(String[] args) {
        int code = Cli.execute(args);
        if (code != Cli.SERVED) {
            System.exit(code);
        }
    }
}
