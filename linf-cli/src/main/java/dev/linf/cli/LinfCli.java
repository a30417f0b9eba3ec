package dev.linf.cli;

import dev.linf.errors.LinfException;
import dev.linf.spi.KernelsProvider;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code linf}: arbitrary-scale super-resolution with LINF from the command line. Failures are
 * one line on stderr, {@code linf: <file>: <problem> (<hint>)}, with the codes of {@link ExitCodes}.
 */
@Command(name = "linf", mixinStandardHelpOptions = true, version = "linf 0.1.0",
        description = "Arbitrary-scale image super-resolution with LINF (Local Implicit Normalizing Flow).",
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  internal error (a bug: please report it)", "  2  usage error",
            "  3  an input is missing, unreadable or unusable", "  4  the weights cannot be loaded",
            "  5  the output cannot be written", "  6  check-flow: the flow is numerically unusable"})
public final class LinfCli implements Runnable {

    /**
     * The commands in usage order, made on demand: picocli reads every command's annotations when
     * it is added (its classes are Java 5 bytecode, which the start-up cache cannot hold), so a run
     * that names its command builds only that one (measured: 250 against 330 ms for all).
     */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("upscale", UpscaleCommand::new);
        COMMANDS.put("logp", LogpCommand::new);
        COMMANDS.put("eval", EvalCommand::new);
        COMMANDS.put("info", InfoCommand::new);
        COMMANDS.put("check-flow", CheckFlowCommand::new);
        COMMANDS.put("serve", ServeCommand::new);
        COMMANDS.put("convert", ConvertCommand::new);
        COMMANDS.put("help", CommandLine.HelpCommand::new);
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of internal errors (for bug reports).")
    boolean debug;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (upscale, logp, eval, info, check-flow, serve, convert)");
    }

    public static void main(String[] args) {
        // The kernels' class loading (about 0.2 s) beside picocli's start (about 0.25 s) on another core.
        Thread.ofPlatform().daemon().name("linf-prepare").start(() -> {
            if (KernelsProvider.whyNotFast().isEmpty()) { // else the model's lookup warns, once
                KernelsProvider.fastest().prepare();
            }
        });
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams and returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = commandLine(args);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CliFailure f) {
                commandLine.getErr().println("linf: " + f.line());
                return f.exitCode;
            }
            if (e instanceof LinfException) {
                commandLine.getErr().println("linf: " + new CliFailure(ExitCodes.INPUT, null, message(e)).line());
                return ExitCodes.INPUT;
            }
            commandLine.getErr().println("linf: " + message(e));
            if (debug(commandLine)) {
                e.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("linf: this is a bug; run again with --debug for details to report");
            }
            return ExitCodes.INTERNAL;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            String command = e.getCommandLine().getCommandName().equals("linf") ? ""
                    : e.getCommandLine().getCommandName() + " ";
            e.getCommandLine().getErr().println("linf: " + e.getMessage().strip() + " (run 'linf " + command
                    + "--help' for usage)");
            return ExitCodes.USAGE;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("linf: out of memory; give Java more with JAVA_OPTS=-Xmx<size>");
            return ExitCodes.INTERNAL;
        }
    }

    /**
     * The root command with the command {@code args} names (the first argument that is not an
     * option: the root's options take no values), or with all of them when it names none of them
     * (usage, {@code help}, a typo: picocli then lists or suggests them all).
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new LinfCli());
        String named = null;
        for (String a : args) {
            if (!a.startsWith("-")) {
                named = a;
                break;
            }
        }
        boolean one = COMMANDS.containsKey(named) && !"help".equals(named);
        for (var command : COMMANDS.entrySet()) {
            if (!one || command.getKey().equals(named)) {
                cl.addSubcommand(command.getKey(), command.getValue().get());
            }
        }
        return cl;
    }

    private static boolean debug(CommandLine commandLine) {
        CommandLine root = commandLine;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return ((LinfCli) root.getCommand()).debug;
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
