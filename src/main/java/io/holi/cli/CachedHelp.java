package io.holi.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code holi --help}, {@code holi help}, {@code holi <group> --help} and {@code holi help <group>} answered from text
 * the build rendered with picocli itself ({@link HelpTexts}), without loading picocli: it costs the help a user waits
 * for about half a second (picocli's model is built from some 190 classes by reflection). Any other arguments, or a
 * build without the texts, go through picocli as usual. This class must not refer to picocli.
 */
final class CachedHelp {

    static final String DIRECTORY = "cli-help/";

    private CachedHelp() {
    }

    /** The help these arguments ask for, when it was rendered at build time. */
    static Optional<String> forArguments(String... args) {
        String command;
        if (args.length == 1 && (isHelpOption(args[0]) || args[0].equals("help"))) {
            command = "holi";
        } else if (args.length == 2 && isHelpOption(args[1]) && isName(args[0])) {
            command = args[0];
        } else if (args.length == 2 && args[0].equals("help") && isName(args[1])) {
            command = args[1];
        } else {
            return Optional.empty();
        }
        try (InputStream in = CachedHelp.class.getClassLoader().getResourceAsStream(DIRECTORY + command + ".txt")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isHelpOption(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    /** A group's name (never a path: the name picks a resource). */
    private static boolean isName(String arg) {
        return arg.matches("[a-z]{2,20}");
    }
}
