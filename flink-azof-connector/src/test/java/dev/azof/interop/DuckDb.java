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

package dev.azof.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * An in-memory DuckDB, the independent reader of the interop tests: it knows nothing of this
 * project's code, only Parquet, JSON and SQL. It loads no extension from outside (parquet, json
 * and icu are built into the JDBC driver) and keeps its home directory in the test's temporary
 * directory.
 */
final class DuckDb implements AutoCloseable {

    private final Connection connection;

    private DuckDb(Connection connection) {
        this.connection = connection;
    }

    /** Opens a database whose home directory is {@code home} (created if missing). */
    static DuckDb open(Path home) throws Exception {
        Files.createDirectories(home);
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        DuckDb db = new DuckDb(DriverManager.getConnection("jdbc:duckdb:", p));
        db.execute("SET home_directory = " + literal(home.toString()));
        // File order of rows matters to the tests: one thread, insertion order kept.
        db.execute("SET threads = 1");
        db.execute("SET preserve_insertion_order = true");
        return db;
    }

    /** A SQL string literal. */
    static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** The rows of a query, each value as {@link ResultSet#getString} gives it (null for NULL). */
    List<List<String>> query(String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement s = connection.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            ResultSetMetaData meta = r.getMetaData();
            while (r.next()) {
                List<String> row = new ArrayList<>(meta.getColumnCount());
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.add(value(r, meta, i));
                }
                rows.add(row);
            }
        } catch (SQLException e) {
            throw new SQLException(e.getMessage() + "\nin: " + sql, e);
        }
        return rows;
    }

    /** One value: doubles as Java prints them (DuckDB's own text differs for NaN, infinities). */
    private static String value(ResultSet r, ResultSetMetaData meta, int i) throws SQLException {
        if (meta.getColumnType(i) == java.sql.Types.DOUBLE) {
            double d = r.getDouble(i);
            return r.wasNull() ? null : Double.toString(d);
        }
        return r.getString(i);
    }

    /** The single value of a one-row, one-column query. */
    String single(String sql) throws SQLException {
        List<List<String>> rows = query(sql);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalStateException("expected one value from " + sql + ", got " + rows);
        }
        return rows.get(0).get(0);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
