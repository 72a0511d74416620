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

import org.apache.flink.formats.parquet.utils.ParquetSchemaConverter;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimeType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DateLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.EnumLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.JsonLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.StringLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

import java.util.Locale;

/**
 * Which Flink logical types this I/O layer supports, and which Parquet column types can be read as
 * which Flink type by Flink's vectorized Parquet reader.
 *
 * <p>Flink's reader does not check the file's column types against the requested types itself (a
 * mismatch ends in a ClassCastException, an IllegalArgumentException or, worse, silently wrong
 * values such as a decimal read with another scale), and it fills missing columns with nulls. This
 * class makes those checks up front so that the reader can fail with a clear message.
 */
final class ParquetTypes {

    private ParquetTypes() {}

    /**
     * Returns null if the Flink type can be written and read by this layer, else the reason why
     * not.
     */
    static String unsupportedReason(LogicalType type) {
        switch (type.getTypeRoot()) {
            case BOOLEAN:
            case TINYINT:
            case SMALLINT:
            case INTEGER:
            case BIGINT:
            case FLOAT:
            case DOUBLE:
            case DECIMAL:
            case CHAR:
            case VARCHAR:
            case BINARY:
            case VARBINARY:
            case DATE:
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                return null;
            case TIME_WITHOUT_TIME_ZONE:
                return ((TimeType) type).getPrecision() <= 3
                        ? null
                        : "TIME with a precision above 3 is stored as milliseconds by Flink's"
                                + " Parquet writer and would lose digits";
            default:
                return "only atomic types are supported by the Azof Parquet layer, not "
                        + type.getTypeRoot();
        }
    }

    /** Throws IllegalArgumentException if a field of the row type is not supported. */
    static void checkSupported(RowType rowType) {
        for (RowType.RowField field : rowType.getFields()) {
            String reason = unsupportedReason(field.getType());
            if (reason != null) {
                throw new IllegalArgumentException(
                        "Column '"
                                + field.getName()
                                + "' of type "
                                + field.getType()
                                + " is not supported: "
                                + reason);
            }
        }
    }

    /**
     * Returns null if Flink's vectorized reader reads a file column of type {@code fileType}
     * correctly as {@code requested}, else a short reason why not.
     */
    static String incompatibility(Type fileType, LogicalType requested) {
        String unsupported = unsupportedReason(requested);
        if (unsupported != null) {
            return unsupported;
        }
        if (!fileType.isPrimitive() || fileType.isRepetition(Type.Repetition.REPEATED)) {
            return "the file column is a nested or repeated type";
        }
        PrimitiveType p = fileType.asPrimitiveType();
        PrimitiveTypeName name = p.getPrimitiveTypeName();
        LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
        boolean ok;
        switch (requested.getTypeRoot()) {
            case BOOLEAN:
                ok = name == PrimitiveTypeName.BOOLEAN;
                break;
            case TINYINT:
                ok = name == PrimitiveTypeName.INT32 && isSignedInt(a, 8);
                break;
            case SMALLINT:
                ok = name == PrimitiveTypeName.INT32 && isSignedInt(a, 16);
                break;
            case INTEGER:
                ok = name == PrimitiveTypeName.INT32 && (a == null || isSignedInt(a, 32));
                break;
            case BIGINT:
                ok = name == PrimitiveTypeName.INT64 && (a == null || isSignedInt(a, 64));
                break;
            case FLOAT:
                ok = name == PrimitiveTypeName.FLOAT;
                break;
            case DOUBLE:
                ok = name == PrimitiveTypeName.DOUBLE;
                break;
            case CHAR:
            case VARCHAR:
            case BINARY:
            case VARBINARY:
                ok =
                        name == PrimitiveTypeName.BINARY
                                && (a == null
                                        || a instanceof StringLogicalTypeAnnotation
                                        || a instanceof EnumLogicalTypeAnnotation
                                        || a instanceof JsonLogicalTypeAnnotation);
                break;
            case DATE:
                ok = name == PrimitiveTypeName.INT32 && a instanceof DateLogicalTypeAnnotation;
                break;
            case TIME_WITHOUT_TIME_ZONE:
                ok =
                        name == PrimitiveTypeName.INT32
                                && a instanceof TimeLogicalTypeAnnotation
                                && ((TimeLogicalTypeAnnotation) a).getUnit() == TimeUnit.MILLIS;
                break;
            case TIMESTAMP_WITHOUT_TIME_ZONE:
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
                ok =
                        name == PrimitiveTypeName.INT96
                                || (name == PrimitiveTypeName.INT64
                                        && a instanceof TimestampLogicalTypeAnnotation);
                break;
            case DECIMAL:
                return decimalIncompatibility(p, (DecimalType) requested);
            default:
                return "unsupported type";
        }
        return ok
                ? null
                : "Flink's Parquet reader cannot read this physical type as the requested type";
    }

    private static String decimalIncompatibility(PrimitiveType p, DecimalType requested) {
        LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
        if (!(a instanceof DecimalLogicalTypeAnnotation)) {
            return "the file column is not a DECIMAL";
        }
        DecimalLogicalTypeAnnotation d = (DecimalLogicalTypeAnnotation) a;
        if (d.getScale() != requested.getScale()) {
            return "the scales differ (the reader does not rescale)";
        }
        if (d.getPrecision() > requested.getPrecision()) {
            return "the file's precision is larger than the requested precision";
        }
        PrimitiveTypeName name = p.getPrimitiveTypeName();
        if (name == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
            return null;
        }
        int precision = requested.getPrecision();
        PrimitiveTypeName needed =
                ParquetSchemaConverter.is32BitDecimal(precision)
                        ? PrimitiveTypeName.INT32
                        : ParquetSchemaConverter.is64BitDecimal(precision)
                                ? PrimitiveTypeName.INT64
                                : PrimitiveTypeName.BINARY;
        return name == needed
                ? null
                : "Flink's reader needs FIXED_LEN_BYTE_ARRAY or "
                        + needed
                        + " for a DECIMAL of precision "
                        + precision;
    }

    private static boolean isSignedInt(LogicalTypeAnnotation a, int maxBits) {
        if (!(a instanceof IntLogicalTypeAnnotation)) {
            return false;
        }
        IntLogicalTypeAnnotation i = (IntLogicalTypeAnnotation) a;
        return i.isSigned() && i.getBitWidth() <= maxBits;
    }

    /**
     * A one-line description of a Parquet column type, e.g. {@code required int64
     * (TIMESTAMP(MILLIS,true))}.
     */
    static String describe(Type fileType) {
        if (!fileType.isPrimitive()) {
            return fileType.getRepetition().name().toLowerCase(Locale.ROOT) + " group";
        }
        PrimitiveType p = fileType.asPrimitiveType();
        StringBuilder sb =
                new StringBuilder()
                        .append(p.getRepetition().name().toLowerCase(Locale.ROOT))
                        .append(' ')
                        .append(p.getPrimitiveTypeName().name().toLowerCase(Locale.ROOT));
        if (p.getPrimitiveTypeName() == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
            sb.append('(').append(p.getTypeLength()).append(')');
        }
        if (p.getLogicalTypeAnnotation() != null) {
            sb.append(" (").append(p.getLogicalTypeAnnotation()).append(')');
        }
        return sb.toString();
    }
}
