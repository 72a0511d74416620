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
package dev.azof.testing;

import java.io.File;

/** Locates the original azof's reference tables (read-only; never copied into the project). */
public final class ReferenceTables {

    private ReferenceTables() {}

    public static File dir() {
        String root = System.getProperty("azof.project.root");
        File base = root != null ? new File(root) : new File(System.getProperty("user.dir"));
        for (File f = base.getAbsoluteFile(); f != null; f = f.getParentFile()) {
            File candidate = new File(f, "../shared/azof-reference");
            if (new File(candidate, "EXPECTED.md").isFile()) {
                return candidate.toPath().normalize().toFile();
            }
        }
        throw new IllegalStateException(
                "cannot find ../shared/azof-reference next to the project root " + base);
    }

    public static String table(String name) {
        return new File(dir(), name).getAbsolutePath();
    }
}
