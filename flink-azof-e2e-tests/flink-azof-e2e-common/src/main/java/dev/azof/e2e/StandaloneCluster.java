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
package dev.azof.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A standalone Flink session cluster in separate JVMs: one JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and one TaskManager ({@code TaskManagerRunner}), started the
 * way {@code bin/jobmanager.sh} and {@code bin/taskmanager.sh} start them (classpath lib/ only,
 * memory options and dynamic properties from {@code BashJavaUtils}, {@code --configDir}, log4j
 * configured through {@code -Dlog.file} and {@code -Dlog4j.configurationFile}).
 *
 * <p>Unlike a MiniCluster in the test JVM, this runs the connector the way users do: from a jar
 * on a distribution's classpath (or shipped with a job), in processes that share no classes with
 * the client, so packaging mistakes (a missing service file, an unshaded dependency clashing with
 * Flink's, a class only the test classpath had) fail here.
 *
 * <p>Everything lives under one work directory: {@code conf/} (config.yaml, log4j.properties, also
 * read by the SQL gateway), {@code log/} (one .log and one .out per process), checkpoints,
 * savepoints and temporary files. {@link #close()} stops both processes whatever state they are
 * in; a JVM shutdown hook ({@link JvmProcess}) covers a test JVM that dies first.
 */
public final class StandaloneCluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Set<String> TERMINAL_JOB_STATES =
            Set.of("FINISHED", "FAILED", "CANCELED", "SUSPENDED");

    private final FlinkDistribution flink;
    private final Path workDir;
    private final Path confDir;
    private final Path logDir;
    private final int restPort;
    private final HttpJson http = new HttpJson();
    private final List<JvmProcess> processes = new ArrayList<>();

    private StandaloneCluster(FlinkDistribution flink, Path workDir, int restPort) {
        this.flink = flink;
        this.workDir = workDir;
        this.confDir = workDir.resolve("conf");
        this.logDir = workDir.resolve("log");
        this.restPort = restPort;
    }

    /**
     * Writes the configuration under {@code workDir}, starts the JobManager and the TaskManager
     * and returns once the TaskManager has registered. {@code extraConfig} entries are added to
     * config.yaml (and win over the defaults).
     */
    public static StandaloneCluster start(
            FlinkDistribution flink, Path workDir, Map<String, String> extraConfig) {
        List<Integer> ports = FreePorts.pick(4);
        StandaloneCluster cluster = new StandaloneCluster(flink, workDir, ports.get(0));
        try {
            cluster.writeConfig(ports, extraConfig);
            cluster.startProcesses();
            cluster.awaitTaskManager();
            return cluster;
        } catch (RuntimeException | Error e) {
            // Whatever failed, no process may be left behind; the logs say why it failed.
            String logs = cluster.logSummary();
            cluster.close();
            throw new IllegalStateException(
                    "cannot start a standalone " + flink + " cluster in " + workDir + ": "
                            + e.getMessage() + "\n" + logs,
                    e);
        }
    }

    private void writeConfig(List<Integer> ports, Map<String, String> extraConfig) {
        Map<String, String> config = new LinkedHashMap<>();
        // Everything on the loopback address, on ports nobody else uses.
        config.put("jobmanager.rpc.address", "127.0.0.1");
        config.put("jobmanager.bind-host", "127.0.0.1");
        config.put("jobmanager.rpc.port", String.valueOf(ports.get(1)));
        config.put("rest.address", "127.0.0.1");
        config.put("rest.bind-address", "127.0.0.1");
        config.put("rest.port", String.valueOf(restPort));
        config.put("taskmanager.host", "127.0.0.1");
        config.put("taskmanager.bind-host", "127.0.0.1");
        config.put("taskmanager.rpc.port", String.valueOf(ports.get(2)));
        config.put("taskmanager.data.port", String.valueOf(ports.get(3)));
        // Modest sizes: builds share a 2-core machine; two slots let a source and a sink run
        // side by side at parallelism 2.
        config.put("jobmanager.memory.process.size", "1024m");
        config.put("taskmanager.memory.process.size", "1536m");
        config.put("taskmanager.numberOfTaskSlots", "2");
        // Batch jobs write every blocking shuffle through a sort-shuffle partition that takes 512
        // network buffers (32 KB each) at least: the default network share of a 1536m TaskManager
        // (~108 MB, 3481 buffers) fails a batch job with a handful of shuffles ("Insufficient
        // number of network buffers"), e.g. a UNION ALL of a few scans. 256 MB holds 8192.
        config.put("taskmanager.memory.network.min", "256m");
        config.put("taskmanager.memory.network.max", "256m");
        config.put("parallelism.default", "2");
        config.put("execution.checkpointing.dir", fileUri(workDir.resolve("checkpoints")));
        config.put("execution.checkpointing.savepoint-dir", fileUri(workDir.resolve("savepoints")));
        // A failure is a test failure: restarting forever (the default with checkpointing) would
        // turn it into a timeout without a cause.
        config.put("restart-strategy.type", "none");
        // Temporary files (blobs, web uploads) under the work directory, removed with it.
        config.put("io.tmp.dirs", workDir.resolve("tmp").toString());
        config.put("web.tmpdir", workDir.resolve("tmp").toString());
        config.putAll(extraConfig);
        try {
            Files.createDirectories(logDir);
            Files.createDirectories(workDir.resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FlinkConfFiles.write(confDir, config);
    }

    private void startProcesses() {
        processes.add(
                startDaemon(
                        "jobmanager",
                        BashJavaUtilsParameters.Command.GET_JM_RESOURCE_PARAMS,
                        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                        List.of()));
        // taskmanager.sh adds G1 when no JVM options are configured, which is the case here.
        processes.add(
                startDaemon(
                        "taskmanager",
                        BashJavaUtilsParameters.Command.GET_TM_RESOURCE_PARAMS,
                        "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                        List.of("-XX:+UseG1GC")));
    }

    private JvmProcess startDaemon(
            String name,
            BashJavaUtilsParameters.Command command,
            String mainClass,
            List<String> extraJvmOptions) {
        BashJavaUtilsParameters resources = BashJavaUtilsParameters.compute(flink, confDir, command);
        List<String> jvmOptions = new ArrayList<>(extraJvmOptions);
        jvmOptions.addAll(resources.jvmOptions());
        jvmOptions.addAll(flink.jvmOptions());
        jvmOptions.addAll(logSettings(confDir, logDir.resolve(name + ".log")));
        List<String> arguments = new ArrayList<>(List.of("--configDir", confDir.toString()));
        arguments.addAll(resources.dynamicProperties());
        return JvmProcess.start(
                name,
                flink.java(),
                jvmOptions,
                flink.clusterClasspath(),
                mainClass,
                arguments,
                Map.of("FLINK_CONF_DIR", confDir.toString()),
                workDir,
                logDir.resolve(name + ".out"));
    }

    /** The log4j system properties flink-daemon.sh and sql-gateway.sh pass. */
    static List<String> logSettings(Path confDir, Path logFile) {
        String log4j = confDir.resolve(FlinkConfFiles.LOG4J_FILE).toUri().toString();
        return List.of(
                "-Dlog.file=" + logFile,
                "-Dlog4j.configuration=" + log4j,
                "-Dlog4j.configurationFile=" + log4j);
    }

    private void awaitTaskManager() {
        Waits.until(
                "a TaskManager registered at " + restUri(),
                START_TIMEOUT,
                () -> {
                    processes.forEach(JvmProcess::checkAlive);
                    try {
                        HttpJson.Response response = http.get(restUri().resolve("/taskmanagers"));
                        return response.ok() && response.body().path("taskmanagers").size() > 0;
                    } catch (IOException notUpYet) {
                        return false;
                    }
                });
    }

    /** The JobManager's REST endpoint (also where the gateway submits jobs). */
    public URI restUri() {
        return URI.create("http://127.0.0.1:" + restPort);
    }

    public Path confDir() {
        return confDir;
    }

    public Path logDir() {
        return logDir;
    }

    public Path workDir() {
        return workDir;
    }

    public FlinkDistribution flink() {
        return flink;
    }

    /** The job's state as the JobManager reports it (e.g. RUNNING, FINISHED, FAILED). */
    public String jobState(String jobId) {
        return http.getOk(restUri().resolve("/jobs/" + jobId)).path("state").asText();
    }

    /**
     * Waits until the job reaches a terminal state; fails with the cluster-side cause when that
     * state is not FINISHED.
     */
    public void awaitJobFinished(String jobId, Duration timeout) {
        String[] state = new String[1];
        Waits.until(
                "job " + jobId + " to end",
                timeout,
                () -> {
                    processes.forEach(JvmProcess::checkAlive);
                    state[0] = jobState(jobId);
                    return TERMINAL_JOB_STATES.contains(state[0]);
                });
        if (!"FINISHED".equals(state[0])) {
            throw new AssertionError(
                    "job " + jobId + " ended " + state[0] + "\n" + describeFailure(jobId));
        }
    }

    /**
     * The savepoint or checkpoint the job was restored from ({@code latest.restored.external_path}
     * of {@code GET /jobs/:id/checkpoints}), empty when it started fresh.
     */
    public Optional<String> restoredFrom(String jobId) {
        JsonNode restored =
                http.getOk(restUri().resolve("/jobs/" + jobId + "/checkpoints"))
                        .path("latest")
                        .path("restored");
        return restored.path("external_path").isTextual()
                ? Optional.of(restored.path("external_path").asText())
                : Optional.empty();
    }

    /**
     * What the cluster says about a failure, for assertion messages: the job's exception history
     * from the REST API (or that of every failed job when {@code jobId} is null, e.g. when a
     * statement failed before its job id was known), then the last failures the TaskManager
     * logged (with the causes of their stack traces), and where the logs are.
     */
    public String describeFailure(String jobId) {
        StringBuilder text = new StringBuilder("--- cluster-side cause ---");
        try {
            List<String> jobIds = jobId != null ? List.of(jobId) : failedJobIds();
            if (jobIds.isEmpty()) {
                text.append("\nno failed job on the cluster");
            }
            for (String id : jobIds) {
                text.append("\njob ").append(id).append(" (").append(jobState(id)).append("): ");
                text.append(jobExceptions(id));
            }
        } catch (RuntimeException e) {
            text.append("\n(cannot ask the JobManager: ").append(e.getMessage()).append(')');
        }
        text.append("\nTaskManager log, last failures (")
                .append(logDir.resolve("taskmanager.log"))
                .append("):");
        List<String> taskManagerFailures =
                LogFiles.lastFailureEvents(logDir.resolve("taskmanager.log"), 3);
        if (taskManagerFailures.isEmpty()) {
            text.append(" none");
        }
        for (String line : taskManagerFailures) {
            text.append("\n  ").append(line);
        }
        for (JvmProcess process : processes) {
            text.append("\n").append(process);
        }
        text.append("\nlogs: ").append(logDir);
        return text.toString();
    }

    private List<String> failedJobIds() {
        List<String> ids = new ArrayList<>();
        for (JsonNode job : http.getOk(restUri().resolve("/jobs/overview")).path("jobs")) {
            if ("FAILED".equals(job.path("state").asText())) {
                ids.add(job.path("jid").asText());
            }
        }
        return ids;
    }

    /**
     * The root cause of a job from {@code GET /jobs/:id/exceptions}: Flink 2.x reports failures
     * in {@code exceptionHistory.entries} (the 1.x fields {@code root-exception} and {@code
     * all-exceptions} were removed); both are read so either form works.
     */
    String jobExceptions(String jobId) {
        JsonNode body = http.getOk(restUri().resolve("/jobs/" + jobId + "/exceptions"));
        List<String> traces = new ArrayList<>();
        for (JsonNode entry : body.path("exceptionHistory").path("entries")) {
            String where =
                    entry.path("taskName").isTextual()
                            ? " [task " + entry.path("taskName").asText() + " on "
                                    + entry.path("endpoint").asText(
                                            entry.path("location").asText("?")) + "]"
                            : "";
            traces.add(ExceptionChain.parse(entry.path("stacktrace").asText()).describe() + where);
        }
        if (traces.isEmpty() && body.path("root-exception").isTextual()) {
            traces.add(ExceptionChain.parse(body.path("root-exception").asText()).describe());
        }
        return traces.isEmpty() ? "no exception recorded" : String.join("\n", traces);
    }

    private String logSummary() {
        StringBuilder text = new StringBuilder();
        for (JvmProcess process : processes) {
            text.append(process).append(", last output lines:\n")
                    .append(LogFiles.tail(process.outputFile(), 20)).append('\n');
            Path log = logDir.resolve(process.name() + ".log");
            text.append(process.name()).append(" log, last failures:\n")
                    .append(String.join("\n", LogFiles.lastFailureEvents(log, 3))).append('\n');
        }
        return text.toString();
    }

    @Override
    public void close() {
        // TaskManager first, so the JobManager does not spend the shutdown on restarts.
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
    }

    static String fileUri(Path path) {
        return path.toAbsolutePath().toUri().toString();
    }

    @Override
    public String toString() {
        return "standalone " + flink + " at " + restUri() + " (work dir " + workDir + ")";
    }
}
