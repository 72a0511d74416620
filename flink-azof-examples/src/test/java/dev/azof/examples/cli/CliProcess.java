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

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the CLI jar (built in the package phase, before the integration tests) in a child JVM,
 * optionally as the unprivileged user {@code nobody} when the tests run as root.
 */
final class CliProcess {

    final int exitCode;
    final String out;
    final String err;

    private CliProcess(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    /** Runs {@code azof args...} as this user. */
    static CliProcess run(File workDir, String... args) throws Exception {
        return run(workDir, List.of(), args);
    }

    /** Runs {@code azof args...} as {@code nobody} (through setpriv) when this JVM runs as root. */
    static CliProcess runUnprivileged(File workDir, String... args) throws Exception {
        return run(workDir, isRoot() ? asNobody() : List.of(), args);
    }

    /** Whether this JVM runs as root: then permissions do not stop it, and tests switch user. */
    static boolean isRoot() throws IOException {
        return "0".equals(Files.getAttribute(new File("/proc/self").toPath(), "unix:uid").toString());
    }

    /** The prefix that runs a command as nobody, or a reason why none works here. */
    static List<String> asNobody() {
        return List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--");
    }

    /**
     * Runs {@code azof args...} in a private mount namespace where {@code dir} is a tmpfs of
     * {@code megabytes}, then lists the files left under it (to standard output, after a line
     * {@code --- files ---}): the mount vanishes with the process. Needs root.
     */
    static CliProcess runOnSmallDisk(File workDir, File dir, int megabytes, String... args) throws Exception {
        String java = String.join(" ", javaCommand(args).stream().map(CliProcess::quote).toList());
        String script =
                "mount -t tmpfs -o size=" + megabytes + "m tmpfs " + quote(dir.getPath()) + " || exit 99\n"
                        + java + "\ncode=$?\n"
                        + "echo '--- files ---'; find " + quote(dir.getPath()) + " -type f\n"
                        + "exit $code\n";
        return run(workDir, List.of("unshare", "-m", "--propagation", "private", "sh", "-c", script));
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** The command line that runs {@code azof args...} from the CLI jar in a new JVM. */
    static List<String> javaCommand(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        cmd.add("-Xmx512m");
        for (String pkg : new String[] {"java.lang", "java.net", "java.io", "java.nio", "sun.nio.ch",
                "java.lang.reflect", "java.text", "java.time", "java.util", "java.util.concurrent",
                "java.util.concurrent.atomic", "java.util.concurrent.locks"}) {
            cmd.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
        }
        cmd.add("-jar");
        cmd.add(cliJar().getAbsolutePath());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static CliProcess run(File workDir, List<String> prefix, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(javaCommand(args));
        return run(workDir, cmd);
    }

    private static CliProcess run(File workDir, List<String> cmd) throws Exception {
        String[] args = cmd.toArray(new String[0]);
        File out = File.createTempFile("azof-out", ".txt", workDir);
        File err = File.createTempFile("azof-err", ".txt", workDir);
        Process p = new ProcessBuilder(cmd).directory(workDir).redirectOutput(out).redirectError(err).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("azof " + String.join(" ", args) + " did not end in 5 minutes");
        }
        CliProcess run =
                new CliProcess(
                        p.exitValue(),
                        Files.readString(out.toPath(), StandardCharsets.UTF_8),
                        Files.readString(err.toPath(), StandardCharsets.UTF_8));
        Files.delete(out.toPath());
        Files.delete(err.toPath());
        return run;
    }

    static File cliJar() {
        File target = new File("target");
        File[] jars = target.listFiles((d, n) -> n.startsWith("flink-azof-examples-") && n.endsWith("-cli.jar"));
        assertThat(jars).as("the CLI jar is built in the package phase, before this test").isNotEmpty();
        return jars[0];
    }

    /** Standard error's non-empty lines. */
    List<String> errLines() {
        return List.of(err.split("\n")).stream().filter(l -> !l.isBlank()).toList();
    }

    @Override
    public String toString() {
        return "exit=" + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
}
