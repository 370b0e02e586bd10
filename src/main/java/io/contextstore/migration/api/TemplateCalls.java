package io.contextstore.migration.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contextstore.migration.mapping.RecordValidator;
import io.contextstore.migration.operation.AuditLog;
import io.contextstore.migration.operation.ExportOptions;
import io.contextstore.migration.record.ValidationError;
import io.contextstore.migration.record.DataType;
import io.contextstore.migration.store.ExportCursor;
import io.contextstore.migration.store.ExportSource;
import io.contextstore.migration.store.RecordStore;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;
import com.fasterxml.jackson.databind.DeserializationFeature;
import io.contextstore.migration.operation.OptionsReader;
import io.contextstore.migration.record.Excerpt;

/** Data templates over the API: created after the same checks an import of templates makes, listed, fetched. */
@Component
public class TemplateCalls {

    private final ObjectMapper mapper;
    private final RecordValidator validator;
    private final RecordStore store;
    private final ExportSource source;
    private final AuditLog audit;
    private final ApiCalls calls;

    public TemplateCalls(ObjectMapper mapper, RecordValidator validator, RecordStore store, ExportSource source,
                         AuditLog audit, ApiCalls calls) {
        this.mapper = mapper;
        this.validator = validator;
        this.store = store;
        this.source = source;
        this.audit = audit;
        this.calls = calls;
    }

    public void create(String body, Exchange exchange) throws Exception {
        JsonNode template;
        try {
            template = mapper.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not valid JSON"
                    + OptionsReader.where(e));
        }
        if (template == null || !template.isObject()) {
            throw ApiException.badRequest("the body must be a template object");
        }
        ObjectNode given = (ObjectNode) template;
        if (!given.hasNonNull("id")) {
            // the guide's clients send no id and read it from the answer; a random UUID never needs a retry
            given.put("id", UUID.randomUUID().toString());
        }
        List<ValidationError> problems = new ArrayList<>();
        ObjectNode checked = validator.check(DataType.TEMPLATES, 1, given, true, problems);
        if (!problems.isEmpty()) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("error", "bad_request");
            // the message names each problem (an expression refused is quoted in it), not only the list
            answer.put("message", "the template is not valid: "
                    + String.join("; ", problems.stream().map(ValidationError::message).toList()));
            answer.put("validationErrors", problems);
            calls.json(exchange, 400, answer);
            return;
        }
        Caller caller = exchange.getProperty(ApiCalls.CALLER, Caller.class);
        if (!store.insertOne(DataType.TEMPLATES, checked)) {
            throw new ApiException(409, "conflict", "a template with id '" + Excerpt.of(checked.get("id").asText()) + "' exists");
        }
        audit.record(new AuditLog.Entry(caller.user(), "template-create", null, "templates", "completed", 1L, null,
                null, "template " + checked.get("id").asText()));
        String id = checked.get("id").asText();
        calls.json(exchange, 201, store.find(DataType.TEMPLATES, id));
        exchange.getMessage().setHeader("Location", "/api/data-migration/templates/"
                + UriUtils.encodePathSegment(id, StandardCharsets.UTF_8));
    }

    public void list(Exchange exchange) throws Exception {
        List<ObjectNode> templates = new ArrayList<>();
        try (ExportCursor cursor = source.open(DataType.TEMPLATES, Set.of(), false, ExportOptions.Filters.NONE, null, 500, false)) {
            cursor.forEachRemaining(templates::addAll);
        }
        calls.json(exchange, 200, templates);
    }

    public void get(String id, Exchange exchange) throws Exception {
        ObjectNode template = store.find(DataType.TEMPLATES, id);
        if (template == null) {
            throw ApiException.notFound("no template " + id);
        }
        calls.json(exchange, 200, template);
    }
}
