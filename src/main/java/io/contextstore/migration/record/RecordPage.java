package io.contextstore.migration.record;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.record.DataType;

/** A page of records of one data type, as an export reads them from the store and writes them out. */
public record RecordPage(DataType type, List<ObjectNode> records) {
}
