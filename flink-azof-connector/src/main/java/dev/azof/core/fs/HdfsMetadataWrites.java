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

import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.util.UUID;

/**
 * HDFS: a complete temporary file in the same directory, then one rename on the NameNode.
 *
 * <p>Both operations use HDFS's {@code rename(src, dst, Options.Rename...)} (the {@code rename2}
 * RPC), which is atomic: an exclusive create renames without {@code OVERWRITE}, failing if
 * {@code dst} exists, be it a file or a directory (Flink's {@code rename}, Hadoop's older
 * rename, would move the file into a directory of that name); the pointer renames with {@code
 * OVERWRITE}, replacing the old file in one step so that readers never find it missing. The file
 * is complete before it gets its final name (HDFS makes a file visible under its name while it is
 * written), so no reader sees a partial file.
 *
 * <p>The Hadoop file system under Flink's is reached by reflection: the shaded connector jar
 * relocates its own Hadoop classes, while Flink's Hadoop file system hands out the unrelocated
 * ones.
 */
final class HdfsMetadataWrites implements MetadataWrites {

    private final FileSystem fs;
    private final Object hadoopFs;
    private final Method rename;
    private final Constructor<?> hadoopPath;
    private final Object renameOptions;
    private final Object overwriteOptions;

    private HdfsMetadataWrites(
            FileSystem fs,
            Object hadoopFs,
            Method rename,
            Constructor<?> hadoopPath,
            Object renameOptions,
            Object overwriteOptions) {
        this.fs = fs;
        this.hadoopFs = hadoopFs;
        this.rename = rename;
        this.hadoopPath = hadoopPath;
        this.renameOptions = renameOptions;
        this.overwriteOptions = overwriteOptions;
    }

    /** The commit point of the Flink file system {@code fs} that serves {@code path}. */
    static HdfsMetadataWrites on(FileSystem fs, Path path) {
        Object hadoopFs;
        try {
            hadoopFs = fs.getClass().getMethod("getHadoopFileSystem").invoke(fs);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw refused(path, fs.getClass().getName() + " is not Flink's Hadoop file system");
        }
        // DistributedFileSystem makes the atomic rename public; Hadoop's base FileSystem keeps a
        // protected fallback that checks, deletes and renames in steps: never used here.
        for (Method m : hadoopFs.getClass().getMethods()) {
            Class<?>[] p = m.getParameterTypes();
            if (!m.getName().equals("rename")
                    || p.length != 3
                    || !Modifier.isPublic(m.getModifiers())
                    || !p[2].isArray()
                    || !p[2].getComponentType().isEnum()
                    || !p[2].getComponentType().getSimpleName().equals("Rename")) {
                continue;
            }
            try {
                Constructor<?> pathFromUri = p[0].getConstructor(URI.class);
                Object none = options(p[2].getComponentType(), "NONE");
                Object overwrite = options(p[2].getComponentType(), "OVERWRITE");
                return new HdfsMetadataWrites(fs, hadoopFs, m, pathFromUri, none, overwrite);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw refused(path, "its Hadoop rename is not the one azof knows (" + e + ")");
            }
        }
        throw refused(
                path,
                hadoopFs.getClass().getName() + " has no public atomic rename (Options.Rename)");
    }

    private static Object options(Class<?> renameEnum, String name) {
        for (Object constant : renameEnum.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) {
                Object array = java.lang.reflect.Array.newInstance(renameEnum, 1);
                java.lang.reflect.Array.set(array, 0, constant);
                return array;
            }
        }
        throw new IllegalArgumentException("no Options.Rename." + name);
    }

    private static AzofException refused(Path path, String why) {
        return new AzofException(
                "azof cannot commit to "
                        + path
                        + ": "
                        + why
                        + ", so it has no atomic create-if-absent; see docs/spec.md section 7");
    }

    @Override
    public void createExclusively(Path target, byte[] content) throws IOException {
        Path tmp = temporarySibling(target);
        boolean renamed = false;
        try {
            write(tmp, content);
            try {
                rename(tmp, target, renameOptions);
            } catch (IOException e) {
                // HDFS refuses a file over a directory with a plain IOException ("must both be
                // directories"): the name is taken all the same.
                if (isAlreadyExists(e) || isDirectory(target)) {
                    FileAlreadyExistsException taken =
                            new FileAlreadyExistsException(target.toString());
                    taken.initCause(e);
                    throw taken;
                }
                throw e;
            }
            renamed = true;
        } finally {
            if (!renamed) {
                deleteQuietly(tmp);
            }
        }
    }

    @Override
    public void replace(Path target, byte[] content) throws IOException {
        Path tmp = temporarySibling(target);
        boolean renamed = false;
        try {
            write(tmp, content);
            rename(tmp, target, overwriteOptions);
            renamed = true;
        } finally {
            if (!renamed) {
                deleteQuietly(tmp);
            }
        }
    }

    private void write(Path tmp, byte[] content) throws IOException {
        // Closing an HDFS file waits until the DataNodes hold all of it.
        try (FSDataOutputStream out = fs.create(tmp, FileSystem.WriteMode.NO_OVERWRITE)) {
            out.write(content);
        }
    }

    private void rename(Path from, Path to, Object options) throws IOException {
        try {
            rename.invoke(
                    hadoopFs,
                    hadoopPath.newInstance(from.toUri()),
                    hadoopPath.newInstance(to.toUri()),
                    options);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) {
                throw (IOException) cause;
            }
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IOException("cannot rename " + from + " to " + to + ": " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot rename " + from + " to " + to + ": " + e, e);
        }
    }

    private static boolean isAlreadyExists(IOException e) {
        for (Class<?> c = e.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getSimpleName().equals("FileAlreadyExistsException")) {
                return true;
            }
        }
        return false;
    }

    private boolean isDirectory(Path p) {
        try {
            return fs.getFileStatus(p).isDir();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void deleteQuietly(Path tmp) {
        try {
            fs.delete(tmp, false);
        } catch (IOException | RuntimeException ignored) {
            // A leftover hidden temporary file is harmless: no snapshot or reader names it.
        }
    }

    /** A hidden name in the same directory: a rename never crosses directories. */
    private static Path temporarySibling(Path target) {
        return new Path(
                target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    }
}
