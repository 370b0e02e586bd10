package io.contextstore.migration.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The record data formats, each under its format's name, for {@code marshal}/{@code unmarshal} and {@code dataformat:<name>}. */
@Configuration(proxyBeanMethods = false)
public class RecordDataFormats {

    @Bean("json")
    RecordDataFormat json(RecordFormats formats, RecordWriters writers, ObjectMapper mapper) {
        return new RecordDataFormat("json", formats, writers, mapper);
    }

    @Bean("ndjson")
    RecordDataFormat ndjson(RecordFormats formats, RecordWriters writers, ObjectMapper mapper) {
        return new RecordDataFormat("ndjson", formats, writers, mapper);
    }

    @Bean("csv")
    RecordDataFormat csv(RecordFormats formats, RecordWriters writers, ObjectMapper mapper) {
        return new RecordDataFormat("csv", formats, writers, mapper);
    }

    @Bean("xml")
    RecordDataFormat xml(RecordFormats formats, RecordWriters writers, ObjectMapper mapper) {
        return new RecordDataFormat("xml", formats, writers, mapper);
    }

    @Bean("yaml")
    RecordDataFormat yaml(RecordFormats formats, RecordWriters writers, ObjectMapper mapper) {
        return new RecordDataFormat("yaml", formats, writers, mapper);
    }

    @Bean("markdown")
    RecordDataFormat markdown(RecordFormats formats, RecordWriters writers, ObjectMapper mapper) {
        return new RecordDataFormat("markdown", formats, writers, mapper);
    }
}
