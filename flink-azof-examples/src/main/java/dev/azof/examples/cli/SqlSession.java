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

import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.config.TableConfigOptions;
import org.apache.flink.table.api.internal.TableEnvironmentInternal;
import org.apache.flink.table.catalog.GenericInMemoryCatalog;
import org.apache.flink.table.catalog.ObjectIdentifier;
import org.apache.flink.table.operations.LoadModuleOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.QueryOperation;
import org.apache.flink.table.operations.UnloadModuleOperation;
import org.apache.flink.table.operations.UseOperation;
import org.apache.flink.table.operations.ddl.AlterCatalogFunctionOperation;
import org.apache.flink.table.operations.ddl.AlterDatabaseOperation;
import org.apache.flink.table.operations.ddl.AlterTableOperation;
import org.apache.flink.table.operations.ddl.AlterViewOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogFunctionOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogOperation;
import org.apache.flink.table.operations.ddl.CreateDatabaseOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;
import org.apache.flink.table.operations.ddl.CreateTempSystemFunctionOperation;
import org.apache.flink.table.operations.ddl.CreateViewOperation;
import org.apache.flink.table.operations.ddl.DropCatalogFunctionOperation;
import org.apache.flink.table.operations.ddl.DropCatalogOperation;
import org.apache.flink.table.operations.ddl.DropDatabaseOperation;
import org.apache.flink.table.operations.ddl.DropTableOperation;
import org.apache.flink.table.operations.ddl.DropTempSystemFunctionOperation;
import org.apache.flink.table.operations.ddl.DropViewOperation;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * A SQL session on an embedded local Flink: one {@link TableEnvironment} with the warehouse
 * registered as the current catalog {@code azof}.
 *
 * <p>{@code SET} and {@code RESET} are handled here (the TableEnvironment does not execute them).
 * Most options apply to the live environment, but Flink fixes the runtime mode when a
 * TableEnvironment is created. So when a {@code SET 'execution.runtime-mode'} (or a {@code RESET})
 * changes it, the environment is created anew with all settings, and the statements that only built
 * up session state (temporary tables, views and functions, objects in in-memory catalogs, catalogs,
 * modules, {@code USE}) are run again on it. Statements that changed persistent catalogs, like
 * {@code CREATE TABLE} in the warehouse, are not repeated.
 */
final class SqlSession {

    /** The catalog name under which the warehouse is registered. */
    static final String CATALOG = "azof";

    private static final Pattern SET =
            Pattern.compile(
                    "SET(?:\\s+(?:'((?:[^']|'')*)'|([A-Za-z0-9_.\\-]+))\\s*=\\s*"
                            + "(?:'((?:[^']|'')*)'|([^\\s']+)))?",
                    Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern RESET =
            Pattern.compile(
                    "RESET(?:\\s+(?:'((?:[^']|'')*)'|([A-Za-z0-9_.\\-]+)))?",
                    Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /**
     * How a streaming query prints, under the Flink SQL client's key: {@code table} (default)
     * prints the final result once the query ends; {@code changelog} and {@code tableau} print
     * every change as it arrives, with its kind in a first column {@code op}. Batch queries print
     * their rows as they come in every mode.
     */
    static final ConfigOption<String> RESULT_MODE =
            ConfigOptions.key("sql-client.execution.result-mode")
                    .stringType()
                    .defaultValue("table")
                    .withDescription(
                            "table: a streaming query prints its final result when it ends;"
                                    + " changelog or tableau: each change as it arrives.");

    private static final List<String> RESULT_MODES = List.of("table", "changelog", "tableau");

    /** How long a stop waits for the job's cancellation before the process ends anyway. */
    private static final long CANCEL_TIMEOUT_SECONDS = 10;

    private final String warehouse;
    private final OutputFormat format;
    private final ResultPrinter printer;
    private final PrintStream err;

    /** The options set with SET, in order. */
    private final Map<String, String> settings = new LinkedHashMap<>();

    /** Statements to run again on a re-created environment. */
    private final List<String> sessionStatements = new ArrayList<>();

    private TableEnvironment env;
    private RuntimeExecutionMode envMode;

    /** The configuration given on the command line ({@code -D}), under the session's SETs. */
    private final Configuration base;

    SqlSession(
            String warehouse,
            Configuration base,
            OutputFormat format,
            PrintStream out,
            PrintStream err) {
        this.warehouse = warehouse;
        this.base = new Configuration(base);
        this.format = format;
        this.printer = new ResultPrinter(format, out);
        this.err = err;
    }

    /** Runs one statement (without its terminating semicolon) to completion. */
    void execute(String statement) throws Exception {
        Matcher set = SET.matcher(statement);
        if (set.matches()) {
            if (set.group(1) == null && set.group(2) == null) {
                printSettings();
            } else {
                set(
                        set.group(1) != null ? unquote(set.group(1)) : set.group(2),
                        set.group(3) != null ? unquote(set.group(3)) : set.group(4));
            }
            return;
        }
        Matcher reset = RESET.matcher(statement);
        if (reset.matches()) {
            if (reset.group(1) == null && reset.group(2) == null) {
                settings.clear();
            } else {
                settings.remove(reset.group(1) != null ? unquote(reset.group(1)) : reset.group(2));
            }
            // Flink cannot fall back to a default it has already been configured away from.
            env = null;
            info("OK");
            return;
        }

        TableEnvironmentInternal tEnv = (TableEnvironmentInternal) environment();
        List<Operation> operations = tEnv.getParser().parse(statement);
        if (operations.size() != 1) {
            throw new CliException("expected exactly one statement, got " + operations.size());
        }
        Operation operation = operations.get(0);
        boolean sessionState = isSessionState(tEnv, operation);
        TableResult result = tEnv.executeInternal(operation);
        if (operation instanceof QueryOperation) {
            printRows(result);
        } else if (result.getJobClient().isPresent()) {
            // INSERT, statement sets, CREATE TABLE AS: wait for the job; print no counts.
            JobClient job = result.getJobClient().get();
            untilStopped(job, () -> {
                result.await();
                return null;
            });
            info("Job finished.");
        } else if (result.getResultKind() == ResultKind.SUCCESS_WITH_CONTENT) {
            printRows(result); // SHOW, DESCRIBE, EXPLAIN
        } else {
            info("OK");
        }
        if (sessionState) {
            sessionStatements.add(statement);
        }
    }

    private void set(String key, String value) {
        if (key.equals(RESULT_MODE.key())
                && !RESULT_MODES.contains(value.trim().toLowerCase(Locale.ROOT))) {
            throw new CliException(
                    "invalid value '" + value + "' for '" + key + "': use table, changelog or tableau");
        }
        if (key.equals(ExecutionOptions.RUNTIME_MODE.key())) {
            String mode = value.trim().toUpperCase(Locale.ROOT);
            if (!mode.equals("BATCH") && !mode.equals("STREAMING")) {
                throw new CliException(
                        "invalid value '" + value + "' for '" + key + "': use batch or streaming");
            }
        }
        settings.put(key, value);
        if (env != null) {
            if (runtimeMode() != envMode) {
                env = null; // re-created before the next statement
            } else {
                env.getConfig().set(key, value);
            }
        }
        info("OK");
    }

    private void printSettings() {
        List<List<?>> rows = new ArrayList<>();
        for (Map.Entry<String, String> e : configuration().toMap().entrySet()) {
            // Credentials given with -D or SET (s3.secret-key, ...) are never printed.
            String value =
                    GlobalConfiguration.isSensitive(e.getKey())
                            ? GlobalConfiguration.HIDDEN_CONTENT
                            : e.getValue();
            rows.add(Arrays.asList(e.getKey(), value));
        }
        printer.print(Arrays.asList("key", "value"), rows);
    }

    private Configuration configuration() {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        conf.set(TableConfigOptions.LOCAL_TIME_ZONE, "UTC");
        RestartDefaults.apply(conf);
        conf.addAll(base);
        conf.addAll(Configuration.fromMap(settings));
        return conf;
    }

    private RuntimeExecutionMode runtimeMode() {
        return configuration().get(ExecutionOptions.RUNTIME_MODE);
    }

    /** The live environment, created (again) when needed. */
    private TableEnvironment environment() {
        if (env != null) {
            return env;
        }
        Configuration conf = configuration();
        TableEnvironment created =
                TableEnvironment.create(
                        EnvironmentSettings.newInstance().withConfiguration(conf).build());
        created.executeSql(
                "CREATE CATALOG "
                        + CATALOG
                        + " WITH ('type'='azof', 'warehouse'='"
                        + warehouse.replace("'", "''")
                        + "')");
        created.useCatalog(CATALOG);
        for (String statement : sessionStatements) {
            try {
                created.executeSql(statement);
            } catch (RuntimeException e) {
                throw new CliException(
                        "cannot restore the session after changing the runtime mode: "
                                + ErrorMessages.describe(e),
                        e);
            }
        }
        env = created;
        envMode = conf.get(ExecutionOptions.RUNTIME_MODE);
        return env;
    }

    private void printRows(TableResult result) throws Exception {
        List<String> columns = result.getResolvedSchema().getColumnNames();
        try (CloseableIterator<Row> it = result.collect()) {
            if (envMode == RuntimeExecutionMode.STREAMING) {
                JobClient job = result.getJobClient().orElse(null);
                if (printsChanges()) {
                    printChanges(columns, it, job);
                } else {
                    untilStopped(
                            job,
                            () -> {
                                printer.print(columns, materialize(it));
                                return null;
                            });
                }
            } else if (format == OutputFormat.CSV && envMode == RuntimeExecutionMode.BATCH) {
                // Batch results are insert-only: stream them out as they arrive, the header once
                // the first row (or the end) is there, so a read that fails prints nothing.
                it.hasNext();
                printer.printCsvHeader(columns);
                while (it.hasNext()) {
                    printer.printCsvRow(fields(it.next()));
                }
            } else {
                printer.print(columns, materialize(it));
            }
        }
    }

    /** Whether streaming queries print each change as it arrives ({@link #RESULT_MODE}). */
    private boolean printsChanges() {
        String mode = configuration().get(RESULT_MODE).trim().toLowerCase(Locale.ROOT);
        if (!RESULT_MODES.contains(mode)) {
            throw new CliException(
                    "invalid value '" + mode + "' for '" + RESULT_MODE.key() + "': use table, changelog or tableau");
        }
        return !mode.equals("table");
    }

    /**
     * Prints a streaming query's changes as they arrive, until it ends or the process is stopped
     * (Ctrl-C, SIGTERM). The header waits for the first change (or the end), as in batch, so a
     * query that fails at once prints nothing.
     */
    private void printChanges(List<String> columns, CloseableIterator<Row> changes, JobClient job)
            throws Exception {
        // In 'table' mode a stopped query prints nothing: its final result never came.
        untilStopped(
                job,
                () -> {
                    changes.hasNext();
                    printer.printChangesHeader(columns);
                    long count = 0;
                    while (changes.hasNext()) {
                        Row row = changes.next();
                        printer.printChange(row.getKind().shortString(), fields(row));
                        count++;
                    }
                    printer.printChangesFooter(count);
                    return null;
                });
    }

    /**
     * Runs {@code work} (printing a query's rows, waiting for a job) so that stopping the process
     * (SIGINT, SIGTERM) cancels the job first: a shutdown hook cancels it, waiting at most {@value
     * #CANCEL_TIMEOUT_SECONDS} s, and says so on standard error. The JVM then exits with 130
     * (SIGINT) or 143 (SIGTERM), as any process stopped by those signals. While the hook runs,
     * {@code work} fails (its job is going away): that failure is no error to report, so this
     * thread waits for the JVM to end instead.
     */
    private void untilStopped(JobClient job, Callable<Void> work) throws Exception {
        AtomicBoolean stopping = new AtomicBoolean();
        Thread hook =
                new Thread(
                        () -> {
                            stopping.set(true);
                            cancelOnStop(job);
                        },
                        "azof-sql-stop");
        if (job != null) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            work.call();
        } catch (Exception | Error e) {
            if (stopping.get()) {
                Thread.sleep(Long.MAX_VALUE); // the JVM is exiting; the hook reports
            }
            throw e;
        } finally {
            if (job != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The hook runs or ran: it owns the job now.
                }
            }
        }
    }

    private void cancelOnStop(JobClient job) {
        try {
            job.cancel().get(CANCEL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            err.println("azof: stopped; job " + job.getJobID() + " cancelled");
        } catch (Exception e) {
            err.println(
                    "azof: stopped; job "
                            + job.getJobID()
                            + " ends with this process (cancel: "
                            + ErrorMessages.describe(e)
                            + ")");
        }
        err.flush();
        printer.flush();
    }

    /**
     * Applies a changelog to get the final rows: a streaming query may retract or update rows it
     * emitted earlier.
     */
    private static List<List<Object>> materialize(Iterator<Row> changelog) {
        List<Row> rows = new ArrayList<>();
        while (changelog.hasNext()) {
            Row row = changelog.next();
            RowKind kind = row.getKind();
            row.setKind(RowKind.INSERT);
            if (kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER) {
                rows.add(row);
            } else {
                rows.remove(row);
            }
        }
        List<List<Object>> result = new ArrayList<>(rows.size());
        for (Row row : rows) {
            result.add(fields(row));
        }
        return result;
    }

    private static List<Object> fields(Row row) {
        List<Object> values = new ArrayList<>(row.getArity());
        for (int i = 0; i < row.getArity(); i++) {
            values.add(row.getField(i));
        }
        return values;
    }

    /** Whether a statement only built up state of this session, so it can be replayed. */
    private static boolean isSessionState(TableEnvironment tEnv, Operation op) {
        if (op instanceof UseOperation
                || op instanceof CreateCatalogOperation
                || op instanceof DropCatalogOperation
                || op instanceof LoadModuleOperation
                || op instanceof UnloadModuleOperation
                || op instanceof CreateTempSystemFunctionOperation
                || op instanceof DropTempSystemFunctionOperation) {
            return true;
        }
        if (op instanceof CreateTableOperation) {
            CreateTableOperation c = (CreateTableOperation) op;
            return c.isTemporary() || inMemory(tEnv, c.getTableIdentifier());
        }
        if (op instanceof DropTableOperation) {
            DropTableOperation d = (DropTableOperation) op;
            return d.isTemporary() || inMemory(tEnv, d.getTableIdentifier());
        }
        if (op instanceof CreateViewOperation) {
            CreateViewOperation c = (CreateViewOperation) op;
            return c.isTemporary() || inMemory(tEnv, c.getViewIdentifier());
        }
        if (op instanceof DropViewOperation) {
            DropViewOperation d = (DropViewOperation) op;
            return d.isTemporary() || inMemory(tEnv, d.getViewIdentifier());
        }
        if (op instanceof CreateCatalogFunctionOperation) {
            CreateCatalogFunctionOperation c = (CreateCatalogFunctionOperation) op;
            return c.isTemporary() || inMemory(tEnv, c.getFunctionIdentifier());
        }
        if (op instanceof DropCatalogFunctionOperation) {
            DropCatalogFunctionOperation d = (DropCatalogFunctionOperation) op;
            return d.isTemporary() || inMemory(tEnv, d.getFunctionIdentifier());
        }
        if (op instanceof AlterCatalogFunctionOperation) {
            AlterCatalogFunctionOperation a = (AlterCatalogFunctionOperation) op;
            return a.isTemporary() || inMemory(tEnv, a.getFunctionIdentifier());
        }
        if (op instanceof AlterTableOperation) {
            return inMemory(tEnv, ((AlterTableOperation) op).getTableIdentifier());
        }
        if (op instanceof AlterViewOperation) {
            return inMemory(tEnv, ((AlterViewOperation) op).getViewIdentifier());
        }
        if (op instanceof CreateDatabaseOperation) {
            return inMemory(tEnv, ((CreateDatabaseOperation) op).getCatalogName());
        }
        if (op instanceof DropDatabaseOperation) {
            return inMemory(tEnv, ((DropDatabaseOperation) op).getCatalogName());
        }
        if (op instanceof AlterDatabaseOperation) {
            return inMemory(tEnv, ((AlterDatabaseOperation) op).getCatalogName());
        }
        return false;
    }

    private static boolean inMemory(TableEnvironment tEnv, ObjectIdentifier id) {
        return inMemory(tEnv, id.getCatalogName());
    }

    private static boolean inMemory(TableEnvironment tEnv, String catalog) {
        return tEnv.getCatalog(catalog).map(c -> c instanceof GenericInMemoryCatalog).orElse(false);
    }

    private static String unquote(String quoted) {
        return quoted.replace("''", "'");
    }

    /** Progress for people: only in table mode, and on standard error. */
    private void info(String message) {
        if (format == OutputFormat.TABLE) {
            err.println(message);
        }
    }
}
