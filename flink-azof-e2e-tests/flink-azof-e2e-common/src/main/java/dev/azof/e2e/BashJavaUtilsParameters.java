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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The memory JVM options and dynamic properties of a JobManager or TaskManager, computed by Flink's
 * own {@code org.apache.flink.runtime.util.bash.BashJavaUtils} from the config, exactly as {@code
 * bin/jobmanager.sh} and {@code bin/taskmanager.sh} get them: Flink sizes heap, metaspace and
 * direct memory from {@code *.memory.process.size} and hands the derived sizes to the process as
 * {@code -D key=value} arguments, which the process checks against its own computation. Starting
 * the processes without them would test a setup no distribution uses.
 */
public final class BashJavaUtilsParameters {

    /** The two commands of {@code BashJavaUtils} the start scripts use. */
    public enum Command {
        GET_JM_RESOURCE_PARAMS,
        GET_TM_RESOURCE_PARAMS
    }

    static final String RESULT_PREFIX = "BASH_JAVA_UTILS_EXEC_RESULT:";
    private static final long TIMEOUT_SECONDS = 60;

    private final List<String> jvmOptions;
    private final List<String> dynamicProperties;

    BashJavaUtilsParameters(List<String> jvmOptions, List<String> dynamicProperties) {
        this.jvmOptions = List.copyOf(jvmOptions);
        this.dynamicProperties = List.copyOf(dynamicProperties);
    }

    /** Runs {@code BashJavaUtils command --configDir confDir} with lib/ as the classpath. */
    public static BashJavaUtilsParameters compute(
            FlinkDistribution flink, Path confDir, Command command) {
        List<String> cmd = new ArrayList<>();
        cmd.add(flink.java().toString());
        cmd.addAll(flink.jvmOptions());
        cmd.addAll(
                List.of(
                        "-classpath",
                        flink.clusterClasspath(),
                        "org.apache.flink.runtime.util.bash.BashJavaUtils",
                        command.name(),
                        "--configDir",
                        confDir.toString()));
        String output;
        int exitCode;
        try {
            Process process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            process.getOutputStream().close();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("BashJavaUtils " + command + " did not finish");
            }
            exitCode = process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run BashJavaUtils " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running BashJavaUtils", e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException(
                    "BashJavaUtils " + command + " exited with " + exitCode + ":\n" + output);
        }
        return parse(command, output);
    }

    /**
     * Parses the output like the scripts' {@code extractExecutionResults}: exactly two result
     * lines, JVM options first, dynamic properties second ({@code -D key=value} pairs, which the
     * scripts split on whitespace into separate arguments).
     */
    static BashJavaUtilsParameters parse(Command command, String output) {
        List<String> results =
                output.lines()
                        .filter(line -> line.startsWith(RESULT_PREFIX))
                        .map(line -> line.substring(RESULT_PREFIX.length()))
                        .collect(Collectors.toList());
        if (results.size() != 2) {
            throw new IllegalStateException(
                    "BashJavaUtils " + command + " printed " + results.size()
                            + " result lines instead of 2:\n" + output);
        }
        return new BashJavaUtilsParameters(words(results.get(0)), words(results.get(1)));
    }

    private static List<String> words(String line) {
        return Arrays.stream(line.trim().split("\\s+"))
                .filter(word -> !word.isEmpty())
                .collect(Collectors.toList());
    }

    /** E.g. {@code -Xmx469762048 -Xms469762048 -XX:MaxMetaspaceSize=268435456}. */
    public List<String> jvmOptions() {
        return jvmOptions;
    }

    /** E.g. {@code -D jobmanager.memory.heap.size=469762048b ...}, one word per element. */
    public List<String> dynamicProperties() {
        return dynamicProperties;
    }
}
