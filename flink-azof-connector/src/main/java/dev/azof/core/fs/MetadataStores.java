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

import dev.azof.core.AzofException;

import org.apache.flink.core.fs.Path;

/** Chooses the {@link MetadataWrites} of a path's store by its URI scheme. */
final class MetadataStores {

    private MetadataStores() {}

    static MetadataWrites forPath(Path path) {
        String scheme = path.toUri().getScheme();
        if (scheme == null || scheme.equals("file")) {
            return LocalMetadataWrites.INSTANCE;
        }
        if (scheme.equals("s3") || scheme.equals("s3a")) {
            return S3MetadataWrites.forCurrentConfiguration();
        }
        throw new AzofException(
                "azof cannot commit to "
                        + path
                        + ": the '"
                        + scheme
                        + "' file system has no atomic create-if-absent that azof knows how to use"
                        + " (supported: file, s3, hdfs); see docs/spec.md section 7");
    }
}
