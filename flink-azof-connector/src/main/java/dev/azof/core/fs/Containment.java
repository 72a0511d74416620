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

package dev.azof.core.fs;

import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;

/**
 * Whether a local path stays inside a directory once symbolic links are followed. References in
 * metadata are checked by name ({@code ..}, absolute paths); a link on disk ({@code data/}
 * pointing to another table, a table directory pointing elsewhere) would still lead a read, or
 * worse a delete, outside the table or the warehouse. Object stores have no links: only local
 * paths are checked.
 */
public final class Containment {

    private Containment() {}

    /**
     * Why {@code path} leads outside {@code root} (the real path it resolves to), or null when it
     * stays inside, does not exist, or is not local.
     */
    public static String escape(Path root, Path path) {
        if (!FileOperations.isLocal(root) || !FileOperations.isLocal(path)) {
            return null;
        }
        java.nio.file.Path p = FileOperations.local(path);
        java.nio.file.Path r = FileOperations.local(root);
        try {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            java.nio.file.Path real = p.toRealPath();
            java.nio.file.Path realRoot = r.toRealPath();
            if (real.startsWith(realRoot) && !real.equals(realRoot)) {
                return null;
            }
            return "leads through a symbolic link to " + real + ", outside " + r;
        } catch (IOException e) {
            // A dangling link or an unreadable directory: it cannot be followed either.
            return "cannot be resolved (" + FileOperations.reason(e) + ")";
        }
    }
}
