package io.holi.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;


@Command(name = "holi", mixinStandardHelpOptions = true, versionProvider = HoliCommand.Version.class,
        description = {"Holi: patient records behind a PHI gate, with the operations manual as code.", "",
                "Without DATABASE_URL, holi runs its own PostgreSQL in ./holi-data (or HOLI_DATA_DIR)."},
        footer = {"", Cli.EXIT_CODES})
class HoliCommand extends CommandGroup {

    final CliSession session;

    HoliCommand(CliSession session) {
        this.session = session;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = HoliCommand.class.getPackage().getImplementationVersion();
            return new String[]{"holi " + (v == null ? "development build" : v),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
