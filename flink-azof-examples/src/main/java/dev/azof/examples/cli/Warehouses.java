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

package dev.azof.examples.cli;

import org.apache.flink.core.fs.Path;

import java.net.URI;
import java.nio.file.Paths;

/** Turns a warehouse argument (a local directory or a file system URI) into a Flink path. */
final class Warehouses {

    private Warehouses() {}

    /** A URI with a scheme stays as it is; anything else is a local directory, made absolute. */
    static Path parse(String warehouse) {
        if (warehouse == null || warehouse.isBlank()) {
            throw new CliException("the warehouse must not be empty");
        }
        if (hasScheme(warehouse)) {
            URI uri;
            try {
                uri = new URI(warehouse);
            } catch (java.net.URISyntaxException e) {
                throw new CliException("invalid warehouse URI '" + warehouse + "': " + e.getReason(), e);
            }
            if (uri.getScheme().equals("file")) {
                return new Path(Paths.get(uri).toAbsolutePath().normalize().toUri());
            }
            return new Path(uri);
        }
        return new Path(Paths.get(warehouse).toAbsolutePath().normalize().toUri());
    }

    /** Whether the argument names a scheme ({@code s3://...}, {@code file:/...}), not a path. */
    static boolean hasScheme(String warehouse) {
        // A Windows drive letter (C:\) is a path, not a one-letter scheme.
        return warehouse.matches("[A-Za-z][A-Za-z0-9+.-]+:.*");
    }
}
