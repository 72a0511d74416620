/*
 * Copyright 2026 The flink-azof Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.azof.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The {@code azof} command-line tool: run Flink SQL on an Azof warehouse, and scan, plan,
 * validate, compact or expire Azof tables directly with the format core.
 *
 * <p>Exit codes: 0 on success, 1 when a command fails while running, 2 on a usage error; {@code
 * azof sql} stopped by SIGINT or SIGTERM cancels its job and ends with 130 or 143. A failure
 * is reported as exactly one line {@code azof: error: <message>} on standard error; set the
 * environment variable {@code AZOF_DEBUG=1} to also get the stack trace. Results go to standard
 * output, logs to standard error.
 */
@Command(
        name = "azof",
        mixinStandardHelpOptions = true,
        versionProvider = AzofCli.Version.class,
        description = {
            "Work with Azof event-time time-travel tables: run Flink SQL against a warehouse, or"
                    + " scan, plan, validate, compact and expire a table directly."
        },
        subcommands = {
            SqlCommand.class,
            ScanCommand.class,
            PlanCommand.class,
            ValidateCommand.class,
            CompactCommand.class,
            ExpireCommand.class,
            DemoCommand.class
        })
public final class AzofCli implements Callable<Integer> {

    /** The prefix of the single error line written on any failure. */
    static final String ERROR_PREFIX = "azof: error: ";

    private final PrintStream out;
    private final PrintStream err;

    @Spec private CommandSpec spec;

    private AzofCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the tool and exits the JVM with its exit code (Flink leaves non-daemon threads). */
    public static void main(String[] args) {
        // Flink's loggers below org.apache.flink stay silent unless AZOF_DEBUG=1: a failure is
        // the one error line; their stack traces would only repeat it (log4j2.properties).
        System.setProperty("azof.flink.log.level", debug() ? "ERROR" : "OFF");
        // Results are the only thing on standard output: whatever else writes to System.out (a
        // library, Log4j's status logger at shutdown) goes to standard error.
        PrintStream results = System.out;
        System.setOut(System.err);
        int code = execute(args, results, System.err);
        results.flush();
        System.err.flush();
        System.exit(code);
    }

    /**
     * Runs the tool in-process.
     *
     * @param args the command line, without the program name
     * @param out where results and help go
     * @param err where the error line and progress messages go
     * @return the exit code: 0 success, 1 failure while running, 2 usage error
     */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        try {
            CommandLine cmd = new CommandLine(new AzofCli(out, err));
            cmd.setCaseInsensitiveEnumValuesAllowed(true);
            cmd.setOut(new PrintWriter(out, true));
            cmd.setErr(new PrintWriter(err, true));
            // The demo takes its own options; hand every argument to it untouched.
            cmd.getSubcommands().get(DemoCommand.NAME).setUnmatchedOptionsArePositionalParams(true);
            cmd.setParameterExceptionHandler(
                    (ex, ignored) -> {
                        reportUsageError(ex, err);
                        return CommandLine.ExitCode.USAGE;
                    });
            cmd.setExecutionExceptionHandler((ex, ignored, parseResult) -> reportFailure(ex, err));
            return cmd.execute(args);
        } catch (Throwable t) { // NOPMD - an Error (e.g. a missing class) must still be one line
            return reportFailure(t, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** No subcommand given: that is a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(
                spec.commandLine(), "missing command: use one of sql, scan, plan, validate, compact, expire, demo");
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    private static void reportUsageError(ParameterException ex, PrintStream err) {
        if (debug()) {
            ex.printStackTrace(err);
        }
        String command = ex.getCommandLine().getCommandSpec().qualifiedName();
        err.println(
                ERROR_PREFIX
                        + ErrorMessages.oneLine(String.valueOf(ex.getMessage()))
                        + " (see '"
                        + command
                        + " --help')");
    }

    private static int reportFailure(Throwable failure, PrintStream err) {
        if (debug()) {
            failure.printStackTrace(err);
        }
        // A CliException at the top was written for the user, possibly around a deeper cause.
        String message =
                failure instanceof CliException && failure.getMessage() != null
                        ? ErrorMessages.withRootCause(
                                ErrorMessages.oneLine(failure.getMessage()), failure)
                        : ErrorMessages.describe(failure);
        err.println(ERROR_PREFIX + message);
        return CommandLine.ExitCode.SOFTWARE;
    }

    private static boolean debug() {
        return "1".equals(System.getenv("AZOF_DEBUG")) || Boolean.getBoolean("azof.debug");
    }

    /** Reports the version from the jar manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = AzofCli.class.getPackage().getImplementationVersion();
            return new String[] {"azof " + (version == null ? "(development build)" : version)};
        }
    }
}
