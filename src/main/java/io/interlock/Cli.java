package io.interlock;

import io.interlock.cases.TestCommand;
import io.interlock.config.Settings;
import io.interlock.replay.ReplayCommand;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The jar's commands other than serving. {@code java -jar interlock.jar} with no argument serves;
 * any argument is parsed here, so an unknown word or option is a usage error (exit 2, usage on
 * stderr) rather than a server started by accident.
 */
@Command(name = "interlock",
        description = {"Without a command, runs the service (configuration: environment variables, see README.md)."},
        subcommands = {TestCommand.class, ReplayCommand.class, Cli.Version.class, CommandLine.HelpCommand.class},
        synopsisSubcommandLabel = "[COMMAND]",
        versionProvider = Cli.Version.class)
public final class Cli implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "print the version and exit")
    boolean version;

    /** {@code interlock version}: the jar's version (its manifest's Implementation-Version). */
    @Command(name = "version", description = "print the version and exit")
    static final class Version implements Runnable, CommandLine.IVersionProvider {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().getOut().println(text());
        }

        @Override
        public String[] getVersion() {
            return new String[] {text()};
        }

        static String text() {
            String version = Cli.class.getPackage().getImplementationVersion();
            return "interlock " + (version == null ? "(development build, not from the packaged jar)" : version);
        }
    }

    @Override
    public void run() {
        // No command given (main passes such arguments to the server, so only in-process callers get here).
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs a command and returns its exit status; bad usage is 2, as for a load error. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine line = commandLine().setOut(out).setErr(err);
        return line.execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new Cli());
        line.getCommandSpec().usageMessage().footer(settingsFooter());
        return line
                // One line, not a stack trace: the user can act on the message, not on frames.
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("interlock " + cmd.getCommandName() + ": " + Main.reason(e));
                    cmd.getErr().flush();
                    return 2;
                });
    }

    /** The settings from their one catalog, so the help cannot list a setting the service does not read. */
    private static String[] settingsFooter() {
        List<String> lines = new ArrayList<>(List.of("",
                "Settings: environment variables, or Micronaut properties (interlock.timeout-ms).",
                "A bad value stops the start, naming the setting. More in README.md, Configuration:"));
        // picocli formats footers: a literal % must be doubled
        Settings.helpLines().forEach(l -> lines.add(l.replace("%", "%%")));
        return lines.toArray(String[]::new);
    }
}
