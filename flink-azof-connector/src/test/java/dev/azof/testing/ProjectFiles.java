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

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the repository (docs, test data) from a test, wherever it runs. */
public final class ProjectFiles {

    private ProjectFiles() {}

    /** The file or directory at {@code relative} from the repository root. */
    public static Path find(String relative) {
        String root = System.getProperty("azof.project.root");
        Path start = Path.of(root != null ? root : "").toAbsolutePath().normalize();
        // Without the property (an IDE run) tests run in the module directory, below the root.
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "cannot find " + relative + " in " + start + " or any of its parents");
    }
}
