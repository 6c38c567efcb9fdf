package io.gatewatch.producers.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewatch.producers.json.BatchConversion;
import io.gatewatch.producers.json.FieldError;
import java.util.List;

/**
 * The JSON bodies the ingest answers with. Error bodies list field errors, never payload values,
 * and at most {@value #MAX_LISTED_ERRORS} of them with {@code errorCount} giving the total, so a
 * body of 85k bad fields gets a short answer.
 */
final class JsonBodies {
    static final int MAX_LISTED_ERRORS = 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonBodies() {}

    static ObjectNode error(String code, String message) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("error", code);
        body.put("message", message);
        return body;
    }

    static ObjectNode fieldErrors(String code, String message, List<FieldError> errors) {
        return fieldErrors(code, message, errors, errors.size());
    }

    /** {@code errors} are the first of {@code totalErrors} found (the converter keeps only the first few). */
    static ObjectNode fieldErrors(String code, String message, List<FieldError> errors, int totalErrors) {
        ObjectNode body = error(code, message);
        body.put("errorCount", Math.max(totalErrors, errors.size()));
        ArrayNode list = body.putArray("errors");
        for (FieldError e : errors.subList(0, Math.min(errors.size(), MAX_LISTED_ERRORS))) {
            list.addObject().put("field", e.field()).put("message", e.message());
        }
        return body;
    }

    static ObjectNode itemErrors(String code, String message, List<BatchConversion.ItemError> errors, int totalErrors) {
        ObjectNode body = error(code, message);
        body.put("errorCount", Math.max(totalErrors, errors.size()));
        ArrayNode list = body.putArray("errors");
        for (BatchConversion.ItemError e : errors.subList(0, Math.min(errors.size(), MAX_LISTED_ERRORS))) {
            ObjectNode item = list.addObject();
            if (e.item() >= 0) {
                item.put("item", e.item());
            }
            item.put("field", e.error().field()).put("message", e.error().message());
        }
        return body;
    }

    static ObjectNode accepted(List<String> eventIds) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("accepted", eventIds.size());
        ArrayNode ids = body.putArray("eventIds");
        eventIds.forEach(ids::add);
        return body;
    }

    static ObjectNode status(String status) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("status", status);
        return body;
    }

    static byte[] bytes(ObjectNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
