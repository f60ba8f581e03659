package dev.datadump.cli;

import dev.datadump.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code datadump} command. */
@Command(name = "datadump", mixinStandardHelpOptions = true, version = "datadump 0.1.0",
        description = "Customer data export service for web-hosting platforms.",
        subcommands = {
                AdminCommand.class,
                CustomerCommand.class,
                DbServerCommand.class,
                ApiKeyCommand.class,
                SettingCommand.class,
                JobsCommand.class,
                WorkerCommand.class,
                RunOnceCommand.class,
                ServeCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code: 0 success, 1 failure, 2 bad usage. */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler(Main::reportFailure);
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command; see 'datadump --help'");
    }

    private static int reportFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof UsageException) {
            commandLine.getErr().println("datadump: " + message);
            commandLine.getErr().println("Run 'datadump " + commandLine.getCommandSpec().qualifiedName(" ")
                    .replaceFirst("^datadump ?", "") + " --help' for usage.");
            return 2;
        }
        if (e instanceof StoreException || e instanceof CommandFailedException) {
            commandLine.getErr().println("datadump: " + message);
            return 1;
        }
        commandLine.getErr().println("datadump: unexpected error: " + e);
        e.printStackTrace(commandLine.getErr());
        return 1;
    }
}
