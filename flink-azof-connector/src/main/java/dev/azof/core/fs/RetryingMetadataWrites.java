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

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.util.Arrays;

/**
 * A store's commit point, made safe against ambiguous failures: a write that reports an error may
 * still have happened (the reply was lost, the connection dropped after the store applied it).
 *
 * <p>After a failed exclusive create the target is read back: holding exactly these bytes, the
 * write happened and the create succeeded; holding other bytes, another writer won ({@link
 * FileAlreadyExistsException}); absent, nothing happened and the create is tried again (bounded,
 * with backoff, see {@link Retries}). A name found taken on a repeated attempt is compared the same
 * way, since the earlier attempt may have taken it. Replacing the pointer is idempotent and simply
 * repeated.
 */
final class RetryingMetadataWrites implements MetadataWrites {

    private static final Logger LOG = LoggerFactory.getLogger(RetryingMetadataWrites.class);

    private final MetadataWrites store;

    RetryingMetadataWrites(MetadataWrites store) {
        this.store = store;
    }

    @Override
    public void createExclusively(Path target, byte[] content) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                store.createExclusively(target, content);
                return;
            } catch (FileAlreadyExistsException taken) {
                if (attempt == 1) {
                    throw taken;
                }
                // An earlier attempt whose outcome was unknown may have taken the name.
                switch (readBack(target, content)) {
                    case MINE:
                        LOG.info("{}: an earlier attempt that reported a failure had created it", target);
                        return;
                    case UNKNOWN:
                        throw new CommitOutcomeUnknownException(
                                "cannot tell whether "
                                        + target
                                        + " was written by this writer: it exists, and reading it back failed",
                                taken);
                    default:
                        throw taken;
                }
            } catch (IOException e) {
                switch (readBack(target, content)) {
                    case MINE:
                        LOG.info(
                                "{}: written although the store reported {}",
                                target,
                                FileOperations.reason(e));
                        return;
                    case OTHER:
                        FileAlreadyExistsException lost =
                                new FileAlreadyExistsException(target.toString());
                        lost.initCause(e);
                        throw lost;
                    case UNKNOWN:
                        if (attempt >= Retries.ATTEMPTS) {
                            throw new CommitOutcomeUnknownException(
                                    "cannot tell whether "
                                            + target
                                            + " was written: "
                                            + FileOperations.reason(e)
                                            + ", and reading it back failed",
                                    e);
                        }
                        // The next attempt decides: its create fails if this one happened.
                        Retries.pause("create " + target, attempt, e);
                        break;
                    default:
                        // Absent: nothing happened, the create can be tried again.
                        if (attempt >= Retries.ATTEMPTS || Retries.isPermanent(e)) {
                            throw e;
                        }
                        Retries.pause("create " + target, attempt, e);
                }
            }
        }
    }

    @Override
    public void replace(Path target, byte[] content) throws IOException {
        Retries.run("write " + target, () -> store.replace(target, content));
    }

    private enum ReadBack {
        MINE,
        OTHER,
        ABSENT,
        UNKNOWN
    }

    /** What {@code target} holds now, compared with {@code content}. */
    private static ReadBack readBack(Path target, byte[] content) {
        try (FSDataInputStream in = target.getFileSystem().open(target)) {
            // One byte more than expected tells a longer file from an equal one.
            byte[] found = in.readNBytes(content.length + 1);
            return Arrays.equals(found, content) ? ReadBack.MINE : ReadBack.OTHER;
        } catch (FileNotFoundException e) {
            return ReadBack.ABSENT;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read back {}: {}", target, e.toString());
            return ReadBack.UNKNOWN;
        }
    }
}
