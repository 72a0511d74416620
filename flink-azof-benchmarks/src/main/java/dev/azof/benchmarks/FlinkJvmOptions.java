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
package dev.azof.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** The JDK packages Flink needs opened on Java 17 (Kryo and friends). */
final class FlinkJvmOptions {

    static final List<String> OPENS = opens();

    private FlinkJvmOptions() {}

    private static List<String> opens() {
        List<String> out = new ArrayList<>();
        for (String pkg :
                new String[] {
                    "java.lang", "java.net", "java.io", "java.nio", "sun.nio.ch", "java.lang.reflect",
                    "java.text", "java.time", "java.util", "java.util.concurrent",
                    "java.util.concurrent.atomic", "java.util.concurrent.locks"
                }) {
            out.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
        }
        return out;
    }
}
