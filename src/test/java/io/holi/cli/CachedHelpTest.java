package io.holi.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The help printed without picocli is exactly what picocli prints for the same arguments. */
class CachedHelpTest {

    private static String live(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cmd = Cli.commandLine(new CliSession(CliSession.FRESH, new ByteArrayInputStream(new byte[0])), args);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(cmd.execute(args)).as(String.join(" ", args)).isZero();
        return out.toString();
    }

    @Test
    void everyCachedHelpIsWhatPicocliPrintsForTheSameArguments() throws Exception {
        // what the build rendered into target/classes (exec-maven-plugin), as the jar carries it
        for (var text : HelpTexts.render().entrySet()) {
            assertThat(Path.of("target/classes", CachedHelp.DIRECTORY, text.getKey() + ".txt")).as("rendered by the build")
                    .hasContent(text.getValue());
        }
        List<String[]> asked = new ArrayList<>(List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"help"}));
        for (Class<?> group : Cli.GROUPS) {
            String name = group.getAnnotation(CommandLine.Command.class).name();
            asked.add(new String[] {name, "--help"});
            asked.add(new String[] {name, "-h"});
            asked.add(new String[] {"help", name});
        }
        for (String[] args : asked) {
            assertThat(CachedHelp.forArguments(args)).as(String.join(" ", args)).hasValue(live(args));
        }
    }

    @Test
    void anythingElseGoesToPicocli() {
        assertThat(CachedHelp.forArguments()).isEmpty();
        assertThat(CachedHelp.forArguments("backup", "create", "--help")).isEmpty();
        assertThat(CachedHelp.forArguments("bakup", "--help")).isEmpty(); // no such group: picocli says what is wrong
        assertThat(CachedHelp.forArguments("help", "../../etc/passwd")).isEmpty();
        assertThat(CachedHelp.forArguments("--version")).isEmpty();
    }
}
