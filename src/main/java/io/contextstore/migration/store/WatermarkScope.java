package io.contextstore.migration.store;

import org.apache.commons.codec.digest.DigestUtils;

/**
 * Which watermark an incremental export reads and moves: its owner ({@code schedule:<name>} for a
 * scheduled export, {@code user:<name>} for anyone else), the name it was given, the data type and
 * the filter set (canonical JSON, so equal filters written in another order are the same set).
 * A watermark of one scope says nothing about the records of another, so none is shared.
 */
public record WatermarkScope(String owner, String name, String dataType, String filters) {

    public static WatermarkScope ofSchedule(String schedule, String name, String dataType, String filters) {
        return new WatermarkScope("schedule:" + schedule, name, dataType, filters);
    }

    public static WatermarkScope ofUser(String user, String name, String dataType, String filters) {
        return new WatermarkScope("user:" + user, name, dataType, filters);
    }

    /** The filter set as a key of bounded length. */
    String filterKey() {
        return DigestUtils.sha256Hex(filters);
    }
}
