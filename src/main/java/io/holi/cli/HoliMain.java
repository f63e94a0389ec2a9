package io.holi.cli;

/** The {@code holi} executable: {@code java -jar holi.jar <command>}. */
public final class HoliMain {

    private static final String NO_BACKGROUND_WARM_UP = "spring.backgroundpreinitializer.ignore";

    private HoliMain() {
    }

    public static void main(String[] args) {
        var help = CachedHelp.forArguments(args);
        if (help.isPresent()) {
            System.out.print(help.get());
            System.out.flush();
            return;
        }
        // Spring Boot warms some libraries up on a second thread while the context starts; one of them is a client-side
        // form converter that builds an XML mapper (Twilio brings Jackson's XML module) with Jackson's Kotlin module
        // (the Anthropic SDK brings it) and so starts kotlin-reflect: about 13 % of a start's CPU in a profile, for
        // nothing holi uses. What holi does use is initialised when first asked for, on the main thread.
        if (System.getProperty(NO_BACKGROUND_WARM_UP) == null) {
            System.setProperty(NO_BACKGROUND_WARM_UP, "true");
        }
        int code = Cli.execute(args);
        if (code != Cli.SERVED) {
            System.exit(code);
        }
    }
}
