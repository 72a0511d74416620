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

import org.apache.flink.util.SerializedThrowable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Finds the message worth showing for a failure.
 *
 * <p>Flink wraps the interesting exception in several layers (execution, job and RPC exceptions,
 * "Failed to execute sql", ...). The message shown is, in this order of preference: the outermost
 * {@code AzofException} (the format's own errors are written for users), the innermost Flink {@code
 * ValidationException} or {@code SqlParserException} (SQL mistakes), an exception of this CLI, else
 * the root cause. The result is always a single line.
 */
public final class ErrorMessages {

    private static final String AZOF_EXCEPTION = "dev.azof.core.AzofException";
    private static final String[] SQL_EXCEPTIONS = {
        "org.apache.flink.table.api.ValidationException",
        "org.apache.flink.table.api.SqlParserException"
    };

    private ErrorMessages() {}

    /**
     * Returns a single-line message describing {@code failure}: the message chosen as the class
     * comment says, followed by the root cause's message when that lies deeper and the chosen
     * message does not already say it (Flink's "Could not execute CreateTable in path ..." does
     * not say that the table exists).
     */
    public static String describe(Throwable failure) {
        List<Throwable> chain = chain(failure);
        int chosen = chosen(chain);
        if (chosen < 0) {
            return originalClassName(chain.get(chain.size() - 1));
        }
        return withRootCause(oneLine(chosenMessage(chain.get(chosen))), chain, chosen);
    }

    /**
     * {@code message} (written for the outermost exception of {@code failure}), then ": " and the
     * root cause's message unless {@code message} already holds it.
     */
    static String withRootCause(String message, Throwable failure) {
        return withRootCause(message, chain(failure), 0);
    }

    private static String withRootCause(String message, List<Throwable> chain, int from) {
        for (int i = chain.size() - 1; i > from; i--) {
            Throwable t = chain.get(i);
            if (hasMessage(t)) {
                String root = oneLine(rootMessage(t));
                return message.contains(root) ? message : message + ": " + root;
            }
        }
        return message;
    }

    /** The index in the chain of the exception whose message to show, or -1 if none has one. */
    private static int chosen(List<Throwable> chain) {
        for (int i = 0; i < chain.size(); i++) {
            if (isA(chain.get(i), AZOF_EXCEPTION) && hasMessage(chain.get(i))) {
                return i;
            }
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (isSqlException(chain.get(i))
                    && hasMessage(chain.get(i))
                    && !hidesItsCause(chain.get(i))) {
                return i;
            }
        }
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i) instanceof CliException) {
                return i;
            }
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            if (hasMessage(chain.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String chosenMessage(Throwable t) {
        if (isSqlException(t)) {
            return sqlMessage(message(t));
        }
        if (t instanceof CliException || isA(t, AZOF_EXCEPTION)) {
            return t.getMessage() == null ? originalClassName(t) : message(t);
        }
        return rootMessage(t);
    }

    private static boolean isSqlException(Throwable t) {
        for (String name : SQL_EXCEPTIONS) {
            if (isA(t, name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Flink's "Could not execute CREATE CATALOG: (catalogName: [azof], ...)" says which statement
     * failed, not why: the cause does.
     */
    private static boolean hidesItsCause(Throwable t) {
        return t.getCause() != null && message(t).startsWith("Could not execute");
    }

    /** The cause chain, outermost first, guarding against cycles. */
    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    /** Whether {@code t} is (or, when it crossed a serialization boundary, was) a {@code name}. */
    private static boolean isA(Throwable t, String name) {
        if (t instanceof SerializedThrowable) {
            return name.equals(((SerializedThrowable) t).getOriginalErrorClassName());
        }
        for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasMessage(Throwable t) {
        String message = message(t);
        return message != null && !message.isBlank();
    }

    /** The message; a serialized exception carries "ClassName: message", which is unwrapped. */
    private static String message(Throwable t) {
        String message = t.getMessage();
        if (t instanceof SerializedThrowable && message != null) {
            String prefix = ((SerializedThrowable) t).getOriginalErrorClassName() + ":";
            if (message.startsWith(prefix)) {
                return message.substring(prefix.length()).strip();
            }
            if (message.equals(prefix.substring(0, prefix.length() - 1))) {
                return null;
            }
        }
        return message;
    }

    private static String originalClassName(Throwable t) {
        String name =
                t instanceof SerializedThrowable
                        ? ((SerializedThrowable) t).getOriginalErrorClassName()
                        : t.getClass().getName();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /**
     * Some exceptions carry only a name as message (a path, a class): name the problem too, e.g.
     * "NoClassDefFoundError: x/Y" or "NoSuchFileException: /tmp/t".
     */
    private static String rootMessage(Throwable t) {
        if (t instanceof java.nio.file.FileSystemException) {
            // Their message is a bare path: say what went wrong with it too.
            java.nio.file.FileSystemException f = (java.nio.file.FileSystemException) t;
            String file = f.getFile() == null ? message(t) : f.getFile();
            return file + ": " + dev.azof.core.fs.FileOperations.reason(f);
        }
        if (t instanceof Error
                || t instanceof ClassNotFoundException
                || t instanceof java.io.FileNotFoundException
                || t instanceof java.nio.file.FileSystemException) {
            return originalClassName(t) + ": " + message(t);
        }
        return message(t);
    }

    /** The parser lists hundreds of expected tokens; the position of the mistake is enough. */
    private static String sqlMessage(String message) {
        int cut = message.indexOf("Was expecting");
        return cut > 0 ? message.substring(0, cut) : message;
    }

    /** Joins a multi-line message into one line. */
    static String oneLine(String message) {
        return message.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
