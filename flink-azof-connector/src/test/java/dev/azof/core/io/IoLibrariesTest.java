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

import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class IoLibrariesTest {

    @Test
    void passesWhenEveryLibraryIsThere() {
        assertThatCode(IoLibraries::requireOnClasspath).doesNotThrowAnyException();
    }

    /** The connector's own classes without their libraries: the thin jar alone on a cluster. */
    @Test
    void namesTheMissingClassAndWhereTheConnectorCameFrom() throws Exception {
        URL connectorClasses =
                IoLibraries.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader thin =
                new URLClassLoader(
                        new URL[] {connectorClasses}, ClassLoader.getPlatformClassLoader())) {
            Method check =
                    thin.loadClass(IoLibraries.class.getName()).getMethod("requireOnClasspath");
            Throwable failure = null;
            try {
                check.invoke(null);
            } catch (InvocationTargetException e) {
                failure = e.getCause();
            }
            assertThat(failure)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot load class org.apache.parquet.io.OutputFile")
                    .hasMessageContaining("Apache Parquet")
                    .hasMessageContaining(connectorClasses.toString())
                    .hasMessageContaining("flink-sql-connector-azof")
                    .hasMessageContaining("org.apache.parquet:parquet-common");
        }
    }
}
