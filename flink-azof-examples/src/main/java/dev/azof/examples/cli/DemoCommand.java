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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code azof demo}: runs the main example job, {@code dev.azof.examples.demo.AzofDemo}, passing
 * all arguments (including {@code --help}) on to it. The class is looked up at run time so that the
 * CLI builds without it.
 */
@Command(
        name = DemoCommand.NAME,
        header = "Run the Azof example job.",
        description = {
            "Run the Azof example job; all arguments, including --help, are passed on to it,"
                    + " except -D KEY=VALUE: Flink configuration applied before file systems start."
        })
public final class DemoCommand implements Callable<Integer> {

    static final String NAME = "demo";
    static final String DEMO_CLASS = "dev.azof.examples.demo.AzofDemo";

    @ParentCommand private AzofCli cli;

    @Spec private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ARGS", arity = "0..*", description = "Arguments of the demo job.")
    private List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        List<String> demoArgs = FlinkConfigOption.initializeFileSystems(args);
        Class<?> demo;
        try {
            demo = Class.forName(DEMO_CLASS);
        } catch (ClassNotFoundException e) {
            if (demoArgs.contains("--help") || demoArgs.contains("-h")) {
                spec.commandLine().usage(cli.out());
                return 0;
            }
            throw new CliException(
                    "the demo is not part of this build (no class " + DEMO_CLASS + ")");
        }
        Method run = demo.getMethod("run", String[].class);
        // The demo prints its answers to System.out, which AzofCli#main sends to standard error
        // so that nothing but results reaches standard output: these are results.
        PrintStream previous = System.out;
        System.setOut(cli.out());
        try {
            Object code = run.invoke(null, (Object) demoArgs.toArray(new String[0]));
            return code instanceof Integer ? (Integer) code : 0;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        } finally {
            System.setOut(previous);
        }
    }
}
