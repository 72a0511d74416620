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
package dev.azof.benchmarks.systems;

import dev.azof.benchmarks.RunResult;
import dev.azof.benchmarks.Scenario;

/** A system under test: runs one scenario once and measures it. */
public interface BenchSystem {

    /** The system's name in results.csv. */
    String name();

    /** Prepares what the scenario reads (not timed), e.g. writes a table. Called once per JVM. */
    default void prepare(Scenario scenario) throws Exception {}

    /** Runs the scenario once; {@code run} counts from 1. */
    RunResult run(Scenario scenario, int run) throws Exception;
}
