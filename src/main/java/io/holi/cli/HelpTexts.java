package io.holi.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The build step behind {@link CachedHelp}: renders the usage of {@code holi} and of each command group with picocli,
 * as plain text, into the classes directory ({@code exec-maven-plugin} at {@code process-classes}; see the pom).
 */
public final class HelpTexts {

    private HelpTexts() {
    }

    /** {@code args[0]}: the classes directory. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]).resolve(CachedHelp.DIRECTORY);
        Files.createDirectories(out);
        for (var text : render().entrySet()) {
            Files.writeString(out.resolve(text.getKey() + ".txt"), text.getValue());
        }
    }

    /** By command: {@code holi}, then each group's name. */
    static Map<String, String> render() {
        CommandLine holi = Cli.commandLine(new CliSession(CliSession.FRESH, InputStream.nullInputStream()));
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("holi", holi.getUsageMessage(Ansi.OFF));
        for (Class<?> group : Cli.GROUPS) {
            String name = group.getAnnotation(CommandLine.Command.class).name();
            texts.put(name, holi.getSubcommands().get(name).getUsageMessage(Ansi.OFF));
        }
        return texts;
    }
}
