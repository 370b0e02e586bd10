package io.contextstore.migration.record;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.SourceRecord;
import io.contextstore.migration.record.DataType;

/**
 * The type each record of one import is stored as: the import's, else the one its input section
 * names, else the one its shape suggests; and the types seen, for the result.
 */
public final class RecordTypes {

    private final DataType wanted;
    // added to by the import's reading thread, read by its writing thread (progress, result)
    private final Set<DataType> seen = ConcurrentHashMap.newKeySet();
    private DataType lastShape;

    public RecordTypes(DataType wanted) {
        this.wanted = wanted;
    }

    public DataType of(SourceRecord record, ObjectNode fields) {
        DataType type = wanted != null ? wanted : record.dataType();
        if (type == null) {
            type = DataType.byShape(fields, lastShape);
            lastShape = type;
        }
        if (!seen.contains(type)) {
            seen.add(type);
        }
        return type;
    }

    public DataType wanted() {
        return wanted;
    }

    /** The data type of the result: the one asked for, else the one found, else {@code all}. */
    public String name() {
        if (wanted != null) {
            return wanted.key();
        }
        return seen.size() == 1 ? seen.iterator().next().key() : "all";
    }

    public boolean noneSeen() {
        return seen.isEmpty();
    }
}
