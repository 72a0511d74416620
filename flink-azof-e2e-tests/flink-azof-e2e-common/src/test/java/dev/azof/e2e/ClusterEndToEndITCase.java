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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The scenario with the shaded connector jar in the cluster's lib/, the usual deployment: the
 * JobManager, the TaskManager and the gateway load it with Flink's own classes.
 */
class ClusterEndToEndITCase extends ClusterEndToEndScenario {

    @Override
    String connectorDeployment() {
        return "in lib/";
    }

    @Override
    List<Path> extraLibJars(Path connectorJar) {
        // Without the jar the cluster still starts, so the plain job still runs and the scenario
        // fails with a message that says how to build the jar.
        return Files.isRegularFile(connectorJar) ? List.of(connectorJar) : List.of();
    }

    @Override
    List<String> sessionSetup(Path connectorJar) {
        return List.of();
    }
}
