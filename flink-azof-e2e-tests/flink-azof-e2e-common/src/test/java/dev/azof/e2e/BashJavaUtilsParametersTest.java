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

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading BashJavaUtils' output the way bin/jobmanager.sh and bin/taskmanager.sh do. */
class BashJavaUtilsParametersTest {

    @Test
    void resultLinesBecomeJvmOptionsAndSplitDynamicProperties() {
        // What Flink 2.1.1 printed here for a 1024m JobManager, after its own log lines.
        String output =
                String.join(
                        "\n",
                        "INFO  [] - Loading configuration property: jobmanager.memory.process.size, 1024m",
                        "BASH_JAVA_UTILS_EXEC_RESULT:-Xmx469762048 -Xms469762048 -XX:MaxMetaspaceSize=268435456",
                        "BASH_JAVA_UTILS_EXEC_RESULT:-D jobmanager.memory.off-heap.size=134217728b"
                                + " -D jobmanager.memory.heap.size=469762048b");

        BashJavaUtilsParameters parameters =
                BashJavaUtilsParameters.parse(
                        BashJavaUtilsParameters.Command.GET_JM_RESOURCE_PARAMS, output);

        assertThat(parameters.jvmOptions())
                .isEqualTo(List.of("-Xmx469762048", "-Xms469762048", "-XX:MaxMetaspaceSize=268435456"));
        assertThat(parameters.dynamicProperties())
                .isEqualTo(List.of(
                        "-D", "jobmanager.memory.off-heap.size=134217728b",
                        "-D", "jobmanager.memory.heap.size=469762048b"));
    }

    @Test
    void anythingButTwoResultLinesIsAnErrorThatShowsTheOutput() {
        assertThatThrownBy(
                        () -> BashJavaUtilsParameters.parse(
                                BashJavaUtilsParameters.Command.GET_TM_RESOURCE_PARAMS,
                                "Exception in thread \"main\" IllegalConfigurationException: bad"))
                .hasMessageContaining("printed 0 result lines instead of 2")
                .hasMessageContaining("IllegalConfigurationException: bad");
    }
}
