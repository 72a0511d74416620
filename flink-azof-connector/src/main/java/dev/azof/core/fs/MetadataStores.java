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

import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.util.WrappingProxy;

import java.io.IOException;

/**
 * Chooses the {@link MetadataWrites} of a path's store: a file system that provides its own
 * ({@link MetadataWritesProvider}), else by URI scheme. Remote stores get bounded retries and a
 * read-back after ambiguous failures ({@link RetryingMetadataWrites}; S3's client does both
 * itself); the local file system fails for good reasons only (a full disk, no permission) and is
 * not retried.
 */
final class MetadataStores {

    private MetadataStores() {}

    static MetadataWrites forPath(Path path) {
        String scheme = path.toUri().getScheme();
        if (scheme == null) {
            // A path without a scheme lives on the default file system (fs.default-scheme).
            scheme = FileSystem.getDefaultFsUri().getScheme();
        }
        if (scheme == null || scheme.equals("file")) {
            return LocalMetadataWrites.INSTANCE;
        }
        if (scheme.equals("s3") || scheme.equals("s3a")) {
            // Its own client, with its own retries and read-back (S3MetadataWrites).
            return S3MetadataWrites.forCurrentConfiguration();
        }
        FileSystem fs = fileSystem(path);
        try {
            if (fs instanceof MetadataWritesProvider) {
                return new RetryingMetadataWrites(
                        ((MetadataWritesProvider) fs).metadataWrites(path));
            }
        } catch (IOException e) {
            throw new AzofException(
                    "cannot commit to " + path + ": " + FileOperations.reason(e), e);
        }
        if (scheme.equals("hdfs")) {
            return new RetryingMetadataWrites(HdfsMetadataWrites.on(fs, path));
        }
        throw new AzofException(
                "azof cannot commit to "
                        + path
                        + ": the '"
                        + scheme
                        + "' file system has no atomic create-if-absent that azof knows how to use"
                        + " (supported: file, s3, hdfs); see docs/spec.md section 7");
    }

    /** The file system of {@code path}, without the wrappers Flink puts around it in tasks. */
    @SuppressWarnings("unchecked")
    static FileSystem fileSystem(Path path) {
        FileSystem fs;
        try {
            fs = path.getFileSystem();
        } catch (IOException e) {
            throw new AzofException(
                    "cannot reach the file system of " + path + ": " + FileOperations.reason(e),
                    e);
        }
        while (fs instanceof WrappingProxy) {
            fs = ((WrappingProxy<FileSystem>) fs).getWrappedDelegate();
        }
        return fs;
    }
}
