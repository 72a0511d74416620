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

import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes that say whether they worked. Flink's local file system answers a failed delete with
 * {@code false} (or deletes what it can of a tree and stops), and callers that ignore it report
 * success for work not done; here every failure is an {@link IOException} naming the path and
 * the reason ("permission denied"). Trees are deleted without following symbolic links: a link
 * is removed, never what it points to.
 */
public final class FileOperations {

    private FileOperations() {}

    /** Deletes a file; one that is already gone is fine. */
    public static void deleteFile(Path file) throws IOException {
        if (isLocal(file)) {
            try {
                Files.deleteIfExists(local(file));
            } catch (IOException e) {
                throw failure("cannot delete", file.toString(), e);
            }
            return;
        }
        // A delete is idempotent: repeated after a failure that may have been transient.
        Retries.run(
                "delete " + file,
                () -> {
                    FileSystem fs = file.getFileSystem();
                    if (!fs.delete(file, false) && fs.exists(file)) {
                        throw new IOException("cannot delete " + file + ": the file system refused");
                    }
                });
    }

    /** Creates a directory and its parents; one that exists is fine. */
    public static void mkdirs(Path dir) throws IOException {
        if (isLocal(dir)) {
            try {
                Files.createDirectories(local(dir));
            } catch (IOException e) {
                throw failure("cannot create directory", dir.toString(), e);
            }
            return;
        }
        if (!dir.getFileSystem().mkdirs(dir)) {
            throw new IOException("cannot create directory " + dir + ": the file system refused");
        }
    }

    /** Deletes a directory and everything below it, removing links rather than following them. */
    public static void deleteTree(Path dir) throws IOException {
        if (!isLocal(dir)) {
            Retries.run(
                    "delete " + dir,
                    () -> {
                        FileSystem fs = dir.getFileSystem();
                        if (!fs.delete(dir, true) && fs.exists(dir)) {
                            throw new IOException(
                                    "cannot delete " + dir + ": the file system refused");
                        }
                    });
            return;
        }
        java.nio.file.Path root = local(dir);
        if (Files.isSymbolicLink(root)) {
            throw new IOException("will not delete " + dir + ": it is a symbolic link");
        }
        Files.walkFileTree(
                root,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(java.nio.file.Path f, BasicFileAttributes a)
                            throws IOException {
                        delete(f);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(java.nio.file.Path f, IOException e)
                            throws IOException {
                        throw failure("cannot delete", f.toString(), e);
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(java.nio.file.Path d, IOException e)
                            throws IOException {
                        if (e != null) {
                            throw failure("cannot delete", d.toString(), e);
                        }
                        delete(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    private static void delete(java.nio.file.Path p) throws IOException {
        try {
            Files.delete(p);
        } catch (NoSuchFileException gone) {
            // removed meanwhile
        } catch (IOException e) {
            throw failure("cannot delete", p.toString(), e);
        }
    }

    /** "what path: reason", the reason in words rather than the exception's bare path. */
    public static IOException failure(String what, String path, IOException e) {
        return new IOException(what + " " + path + ": " + reason(e), e);
    }

    /** Why an I/O operation failed, in words: "permission denied", "no space left on device". */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException) {
            return "file exists";
        }
        if (e instanceof java.nio.file.NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Whether {@code p} is on the local file system (where links and permissions are real). */
    public static boolean isLocal(Path p) {
        String scheme = p.toUri().getScheme();
        return scheme == null || scheme.equals("file");
    }

    /** The local path of {@code p}. */
    public static java.nio.file.Path local(Path p) {
        return Paths.get(p.toUri().getPath());
    }
}
