package io.interlock;

import io.interlock.cases.TestCommand;
import java.io.PrintWriter;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The jar's commands other than serving. Only arguments that start with one of these names are
 * parsed here; anything else goes to Micronaut unchanged, so server options keep working and
 * {@code java -jar interlock.jar} still just starts the service.
 */
@Command(name = "interlock",
        description = {"Without a command, runs the service (configuration: environment variables, see README.md)."},
        subcommands = {TestCommand.class, CommandLine.HelpCommand.class},
        synopsisSubcommandLabel = "[COMMAND]")
public final class Cli implements Runnable {

    private static final Set<String> OWN = Set.of("test", "help", "-h", "--help");

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    @Override
    public void run() {
        // No command given (main passes such arguments to the server, so only in-process callers get here).
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Whether {@code args} are a command of this class rather than the server's arguments. */
    public static boolean handles(String[] args) {
        return args.length > 0 && OWN.contains(args[0]);
    }

    /** Runs a command and returns its exit status; bad usage is 2, as for a load error. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine line = commandLine().setOut(out).setErr(err);
        return line.execute(args);
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Cli())
                // One line, not a stack trace: the user can act on the message, not on frames.
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("interlock " + cmd.getCommandName() + ": " + Main.reason(e));
                    cmd.getErr().flush();
                    return 2;
                });
    }
}
