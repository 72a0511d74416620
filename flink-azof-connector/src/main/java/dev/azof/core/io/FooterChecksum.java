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

package dev.azof.core.io;

import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * A CRC-32C of a Parquet file's footer, kept in the footer itself (docs/spec.md, "Integrity").
 *
 * <p>Parquet's page checksums cover page data only. The footer holds what steers the decoding of
 * that data: the schema (a column's repetition decides whether a page starts with definition
 * levels, its logical type how values are converted), the row count of each row group and the
 * place and codec of each column chunk. A flipped bit there can change what a read returns
 * without any error, for instance an OPTIONAL column turned REQUIRED has its definition levels
 * decoded as values. This project's writer therefore stores, in the footer's key-value metadata
 * under {@link #KEY}, the CRC-32C of the footer's bytes (the Thrift {@code FileMetaData}) as
 * written with the value {@link #PLACEHOLDER} in place of the checksum, as 8 lower-case hex
 * digits. A reader reads the footer bytes (through the stream Parquet then reads the footer
 * through: one more small read, no more opens), puts the placeholder back and compares. Files without the key (older files, other writers) are not checked.
 */
public final class FooterChecksum {

    /** The key-value metadata key of the footer checksum. */
    static final String KEY = "azof.footer.crc32c";

    /** The value written first, then overwritten by the checksum (the same length). */
    static final String PLACEHOLDER = "00000000";

    private static final byte[] KEY_BYTES = KEY.getBytes(StandardCharsets.UTF_8);
    private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    private static final int LENGTH = PLACEHOLDER.length();

    private FooterChecksum() {}

    /**
     * Recomputes the checksum of a whole file whose footer a tool rewrote in place (same length;
     * the sample-data generator sorts footer lists so files do not depend on the JVM run).
     */
    public static void reseal(byte[] file) {
        int footerLength = footerLength(file, file.length);
        int footerStart = file.length - 8 - footerLength;
        int value = footerLength > 0 && footerStart >= 0 ? valueOffset(file, footerStart, file.length - 8) : -1;
        if (value < 0) {
            throw new IllegalStateException("the footer holds no " + KEY);
        }
        System.arraycopy(PLACEHOLDER.getBytes(StandardCharsets.US_ASCII), 0, file, value, LENGTH);
        fill(file);
    }

    /**
     * Fills in the checksum of a file's tail: {@code tail} ends with the footer, its length and the
     * magic, and the footer holds {@link #KEY} with the value {@link #PLACEHOLDER}.
     */
    static void fill(byte[] tail) {
        int footerLength = footerLength(tail, tail.length);
        int footerStart = tail.length - 8 - footerLength;
        if (footerLength <= 0 || footerStart < 0) {
            throw new IllegalStateException("the footer is not within the file's last bytes");
        }
        int value = valueOffset(tail, footerStart, tail.length - 8);
        if (value < 0 || !PLACEHOLDER.equals(new String(tail, value, LENGTH, StandardCharsets.US_ASCII))) {
            throw new IllegalStateException("the footer holds no " + KEY + " placeholder");
        }
        byte[] hex = hex(crc(tail, footerStart, footerLength)).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(hex, 0, tail, value, LENGTH);
    }

    /**
     * Checks the footer checksum of {@code file}, if it has one, reading the footer through
     * {@code in} (which Parquet then reads the footer through again: no extra open); returns
     * {@code in}.
     *
     * @throws IOException naming the file if the footer's bytes do not match it
     */
    static FSDataInputStream verify(FSDataInputStream in, Path file, long fileLength)
            throws IOException {
        if (fileLength < 12) {
            // Parquet's own footer reading reports this, naming the file.
            return in;
        }
        byte[] end = new byte[8];
        in.seek(fileLength - 8);
        readFully(in, end, 0, 8);
        int footerLength = footerLength(end, 8);
        if (footerLength <= 0 || footerLength > fileLength - 12) {
            return in;
        }
        byte[] footer = new byte[footerLength];
        in.seek(fileLength - 8 - footerLength);
        readFully(in, footer, 0, footerLength);
        int value = valueOffset(footer, 0, footer.length);
        if (value < 0) {
            return in;
        }
        String recorded = new String(footer, value, LENGTH, StandardCharsets.US_ASCII);
        System.arraycopy(PLACEHOLDER.getBytes(StandardCharsets.US_ASCII), 0, footer, value, LENGTH);
        String actual = hex(crc(footer, 0, footer.length));
        if (!actual.equals(recorded)) {
            throw new IOException(
                    "Cannot read Parquet file "
                            + file
                            + ": footer checksum mismatch (CRC-32C "
                            + actual
                            + ", the footer records "
                            + recorded
                            + "): the footer, which holds the schema and the row counts, is"
                            + " damaged");
        }
        return in;
    }

    /**
     * The offset of the checksum's 8 characters in {@code bytes[from, to)}: after the last
     * occurrence of the key, a value of length 8; -1 if the key is absent.
     */
    private static int valueOffset(byte[] bytes, int from, int to) {
        for (int i = to - KEY_BYTES.length - 2 - LENGTH; i >= from; i--) {
            if (matches(bytes, i, KEY_BYTES)) {
                // The key's Thrift binary is followed by the value's field header and length
                // (0x18, 8): if those are damaged, the checksum does not match.
                return i + KEY_BYTES.length + 2;
            }
        }
        return -1;
    }

    private static boolean matches(byte[] bytes, int at, byte[] pattern) {
        for (int j = 0; j < pattern.length; j++) {
            if (bytes[at + j] != pattern[j]) {
                return false;
            }
        }
        return true;
    }

    private static int footerLength(byte[] bytes, int end) {
        for (int j = 0; j < 4; j++) {
            if (bytes[end - 4 + j] != MAGIC[j]) {
                return -1;
            }
        }
        return (bytes[end - 8] & 0xff)
                | (bytes[end - 7] & 0xff) << 8
                | (bytes[end - 6] & 0xff) << 16
                | (bytes[end - 5] & 0xff) << 24;
    }

    private static long crc(byte[] bytes, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, off, len);
        return crc.getValue();
    }

    private static String hex(long crc) {
        return String.format(Locale.ROOT, "%08x", crc);
    }

    private static void readFully(FSDataInputStream in, byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = in.read(b, off, len);
            if (n < 0) {
                throw new java.io.EOFException("end of file while reading the footer");
            }
            off += n;
            len -= n;
        }
    }
}
