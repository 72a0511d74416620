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

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The scenario with the connector added per session ({@code ADD JAR}) instead of in lib/, and
 * Hadoop's client jars in lib/, as on a cluster that has Hadoop on its classpath: the gateway
 * loads the connector in the session's class loader and ships the jar with each job, and the
 * TaskManager loads it in the job's user-code class loader, child-first, next to the Hadoop
 * classes of the parent. Runs when the module sets {@value #ENABLED_PROPERTY} (flink-2.1 does)
 * and copies the Hadoop jars to {@value #HADOOP_DIR_PROPERTY}.
 */
@EnabledIfSystemProperty(named = ClusterAddJarEndToEndITCase.ENABLED_PROPERTY, matches = "true")
class ClusterAddJarEndToEndITCase extends ClusterEndToEndScenario {

    static final String ENABLED_PROPERTY = "azof.e2e.add-jar.enabled";
    static final String HADOOP_DIR_PROPERTY = "azof.e2e.hadoop.dir";

    @Override
    String connectorDeployment() {
        return "added per session with ADD JAR, Hadoop in lib/";
    }

    @Override
    List<Path> extraLibJars(Path connectorJar) {
        Path hadoop = Path.of(FlinkDistribution.requiredProperty(HADOOP_DIR_PROPERTY));
        try (Stream<Path> files = Files.list(hadoop)) {
            List<Path> jars =
                    files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                            .sorted()
                            .collect(Collectors.toList());
            if (jars.isEmpty()) {
                throw new IllegalStateException("no Hadoop jars in " + hadoop);
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the Hadoop jars in " + hadoop, e);
        }
    }

    @Override
    List<String> sessionSetup(Path connectorJar) {
        return List.of("ADD JAR " + ScenarioData.stringLiteral(connectorJar.toString()));
    }
}
