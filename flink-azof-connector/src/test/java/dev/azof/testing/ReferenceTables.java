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
import java.nio.file.Path;

/**
 * The one locator of the tables written by the original azof 0.2, committed under {@code
 * test-data/azof-reference} with their expected answers (EXPECTED.md). Tests only read them.
 */
public final class ReferenceTables {

    private static final String RELATIVE = "test-data/azof-reference";

    private ReferenceTables() {}

    /** The directory holding table0, table1, table2 and EXPECTED.md. */
    public static Path path() {
        return ProjectFiles.find(RELATIVE);
    }

    public static File dir() {
        return path().toFile();
    }

    /** The absolute local path of one reference table, e.g. {@code table("table0")}. */
    public static String table(String name) {
        return path().resolve(name).toString();
    }
}
