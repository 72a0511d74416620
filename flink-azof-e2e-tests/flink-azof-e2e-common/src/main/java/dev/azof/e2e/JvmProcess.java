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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A JVM the harness started (a JobManager, a TaskManager, a SQL gateway), with its output in a
 * file.
 *
 * <p>Every live process is also known to one JVM shutdown hook: if the test JVM ends without
 * closing it (a crash, a killed fork, a timeout), the hook kills it, so no cluster outlives the
 * build. {@link #close()} stops the process itself: a polite {@link Process#destroy()} (SIGTERM,
 * which Flink's processes answer with an orderly shutdown), then {@link
 * Process#destroyForcibly()} after a timeout.
 */
public final class JvmProcess implements AutoCloseable {

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(JvmProcess::killAllLive, "azof-e2e-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path outputFile;

    private JvmProcess(String name, Process process, Path outputFile) {
        this.name = name;
        this.process = process;
        this.outputFile = outputFile;
    }

    /**
     * Starts {@code java [jvmOptions] -classpath classpath mainClass [arguments]} with standard
     * output and error appended to {@code outputFile}.
     */
    public static JvmProcess start(
            String name,
            Path java,
            List<String> jvmOptions,
            String classpath,
            String mainClass,
            List<String> arguments,
            Map<String, String> environment,
            Path workingDirectory,
            Path outputFile) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-classpath");
        command.add(classpath);
        command.add(mainClass);
        command.addAll(arguments);
        ProcessBuilder builder =
                new ProcessBuilder(command)
                        .directory(workingDirectory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile()));
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            LIVE.add(process);
            // Nothing reads from the test: an empty standard input, as the scripts give (< /dev/null).
            process.getOutputStream().close();
            return new JvmProcess(name, process, outputFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or a note that it still runs. */
    public String exitDescription() {
        return process.isAlive() ? "running" : "exited with code " + process.exitValue();
    }

    public Path outputFile() {
        return outputFile;
    }

    /** Fails with the process's output when it has died: a process that exits early says why. */
    public void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    name + " " + exitDescription() + "; its output ("
                            + outputFile + "):\n" + LogFiles.tail(outputFile, 40));
        }
    }

    @Override
    public void close() {
        stop(process);
        LIVE.remove(process);
    }

    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void killAllLive() {
        // The JVM is going down: no time for orderly shutdowns.
        for (Process process : LIVE) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", " + exitDescription() + ", output "
                + Objects.toString(outputFile) + ")";
    }
}
