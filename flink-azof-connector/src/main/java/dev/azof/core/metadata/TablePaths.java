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
package dev.azof.core.metadata;

import dev.azof.core.AzofException;
import dev.azof.core.fs.Containment;

import org.apache.flink.core.fs.Path;

/**
 * Resolves file names from metadata against the table directory. Metadata is untrusted input: a
 * reference must be a relative path that stays inside the table directory.
 */
public final class TablePaths {

    private TablePaths() {}

    /** Throws if the reference is absolute, has a scheme, or climbs out with {@code ..}. */
    public static void checkRelative(String reference, String where) {
        String problem = problem(reference);
        if (problem != null) {
            throw new AzofException(where + ": file reference '" + reference + "' " + problem);
        }
    }

    /** Why the reference is not allowed, or null when it is fine. */
    public static String problem(String reference) {
        if (reference == null || reference.isEmpty()) {
            return "is empty";
        }
        if (reference.startsWith("/") || reference.startsWith("\\")) {
            return "is an absolute path; references must stay inside the table directory";
        }
        if (reference.contains(":")) {
            return "has a scheme or drive; references must be relative to the table directory";
        }
        if (reference.indexOf('\0') >= 0) {
            return "contains a NUL character";
        }
        for (String part : reference.split("[/\\\\]")) {
            if (part.equals("..")) {
                return "escapes the table directory with '..'";
            }
        }
        return null;
    }

    /**
     * The file a reference names; fails when the reference is not allowed, or when the file on
     * disk leads outside the table directory through a symbolic link ({@code data/} or the file
     * itself linking elsewhere): readers never follow one, and deletes never go through one.
     */
    public static Path resolve(Path tableDir, String reference) {
        checkRelative(reference, tableDir.toString());
        Path file = new Path(tableDir, reference);
        String escape = Containment.escape(tableDir, file);
        if (escape != null) {
            throw new AzofException(
                    "table " + tableDir + ": file reference '" + reference + "' " + escape);
        }
        return file;
    }
}
