package io.gatewatch.producers.json;

import io.gatewatch.schema.RejectReason;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gatewatch.producers.gate.PlateTokens;
import io.gatewatch.producers.gate.Pseudonymizer;
import io.gatewatch.schema.AreaCodes;
import io.gatewatch.schema.BodySite;
import io.gatewatch.schema.Direction;
import io.gatewatch.schema.HealthCodeColour;
import io.gatewatch.schema.PersonKind;
import io.gatewatch.schema.ScanEvent;
import io.gatewatch.schema.ScanSource;
import io.gatewatch.schema.TemperatureReading;
import io.gatewatch.schema.TemperatureUnit;
import io.gatewatch.schema.TextPolicy;
import io.gatewatch.schema.TextPolicy.FieldLimits;
import io.gatewatch.schema.PersonTokens;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Validates the documented JSON scan payload ({@code producers/INGEST.md}) and converts it to a
 * {@link ScanEvent}; shared by the MQTT bridge and the HTTP ingest so both channels accept exactly
 * the same documents.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Every problem is counted, and the first {@value FieldErrors#MAX_KEPT} are reported, each
 *       naming its field ({@code field 'temperature.unit': must be one of C, F}); messages never
 *       echo values, nor field names that are not plain names or look like identity numbers
 *       ({@link IdentityPatterns}).</li>
 *   <li>One text policy ({@link TextPolicy}): the body must be strict UTF-8 (never UTF-16/32,
 *       which Jackson would otherwise auto-detect), and every text field, the raw {@code personId}
 *       included, passes {@link TextPolicy#violation} with its {@link TextPolicy.FieldLimits}
 *       limit; a breach is refused as {@link RejectReason#INVALID_TEXT}.</li>
 *   <li>Never throws, whatever the bytes; the work done is proportional to the input's size and
 *       the answer is bounded.</li>
 *   <li>A raw {@code personId} is pseudonymised here with the deployment HMAC secret and then
 *       dropped: it never appears in the {@link ScanEvent}, in an error or in a log line.</li>
 *   <li>A {@code vehiclePlate} is replaced by its {@link PlateTokens} token here: a plate names its
 *       keeper, so it never reaches Kafka in the clear; vehicles are still counted by token.</li>
 *   <li>A {@code personToken} must look like a token (43 base64url characters), so a raw identity
 *       sent in the token field by mistake is refused instead of reaching Kafka in the clear.</li>
 *   <li>Unknown fields are refused: a typo ({@code temprature}) must not silently drop a reading.</li>
 *   <li>Implausible but well-formed readings (a cold-weather 31 °C, 150 °F) are accepted: telling a
 *       broken device from a fever is the screening topology's job, which needs to see them.</li>
 * </ul>
 * Thread-safe and stateless apart from the pseudonymiser and plate tokens.
 */
public final class ScanPayloadConverter {
    /** Largest accepted test-result age: ten years. */
    public static final int MAX_TEST_RESULT_AGE_HOURS = 87_600;
    /** Earliest accepted scan time; earlier epoch values are almost always seconds sent as milliseconds. */
    public static final Instant EARLIEST_SCAN = Instant.parse("2000-01-01T00:00:00Z");
    /** Latest accepted scan time; later epoch values are almost always micro- or nanoseconds. */
    public static final Instant LATEST_SCAN = Instant.parse("2100-01-01T00:00:00Z");
    /** Longest symbol ({@code GATE_DEVICE}, {@code FOREHEAD}) worth looking up. */
    static final int MAX_SYMBOL_LENGTH = 32;
    /** Longest {@code scannedAt} text worth parsing (an ISO-8601 date-time with nanoseconds is 35). */
    static final int MAX_TIMESTAMP_LENGTH = 64;

    static final String EVENT_ID = "eventId";
    static final String SOURCE = "source";
    static final String DEVICE_ID = "deviceId";
    static final String CHECKPOINT_ID = "checkpointId";
    static final String VILLAGE = "villageCode";
    static final String DIRECTION = "direction";
    static final String PERSON_TOKEN_FIELD = "personToken";
    static final String PERSON_ID = "personId";
    static final String PERSON_KIND = "personKind";
    static final String VEHICLE_PLATE = "vehiclePlate";
    static final String SCANNED_AT = "scannedAt";
    static final String TEMPERATURE = "temperature";
    static final String HEALTH_CODE = "healthCode";
    static final String TEST_RESULT_AGE = "testResultAgeHours";
    static final String T_VALUE = "value";
    static final String T_UNIT = "unit";
    static final String T_BODY_SITE = "bodySite";
    static final String T_AMBIENT = "ambientCelsius";

    private static final Set<String> FIELDS = Set.of(EVENT_ID, SOURCE, DEVICE_ID, CHECKPOINT_ID, VILLAGE, DIRECTION,
            PERSON_TOKEN_FIELD, PERSON_ID, PERSON_KIND, VEHICLE_PLATE, SCANNED_AT, TEMPERATURE, HEALTH_CODE, TEST_RESULT_AGE);
    private static final Set<String> TEMPERATURE_FIELDS = Set.of(T_VALUE, T_UNIT, T_BODY_SITE, T_AMBIENT);

    // JSON symbols -> Avro symbols. The UNKNOWN_* fallbacks are for readers of older schemas, not for
    // writers: a source that does not know a value omits the field.
    private static final Map<String, ScanSource> SOURCES = symbols(ScanSource.GATE_DEVICE, ScanSource.PHONE_APP,
            ScanSource.STAFF_ENTRY, ScanSource.CLINIC, ScanSource.PHARMACY);
    private static final Map<String, Direction> DIRECTIONS = symbols(Direction.IN, Direction.OUT);
    private static final Map<String, PersonKind> PERSON_KINDS = symbols(PersonKind.RESIDENT, PersonKind.VISITOR);
    private static final Map<String, BodySite> BODY_SITES = symbols(BodySite.FOREHEAD, BodySite.WRIST, BodySite.AXILLA, BodySite.ORAL);
    private static final Map<String, HealthCodeColour> HEALTH_CODES = symbols(HealthCodeColour.GREEN, HealthCodeColour.YELLOW,
            HealthCodeColour.RED, HealthCodeColour.UNREADABLE);
    private static final Map<String, TemperatureUnit> UNITS = units();

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Pseudonymizer pseudonymizer;
    private final PlateTokens plateTokens;

    public ScanPayloadConverter(Pseudonymizer pseudonymizer, PlateTokens plateTokens) {
        this.pseudonymizer = Objects.requireNonNull(pseudonymizer, "pseudonymizer");
        this.plateTokens = Objects.requireNonNull(plateTokens, "plateTokens");
    }

    /** The shared, strict JSON reader (duplicate keys and trailing content are errors). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses and converts one payload: a single JSON object. */
    public Conversion convert(byte[] json) {
        JsonNode node;
        try {
            node = parse(json);
        } catch (MalformedPayloadException e) {
            return new Conversion.Rejected(e.reason(), List.of(new FieldError("$", e.getMessage())));
        }
        return convert(node);
    }

    /** Converts one already-parsed payload. */
    public Conversion convert(JsonNode node) {
        FieldErrors errors = new FieldErrors();
        ScanEvent event = toEvent(node, errors);
        return errors.isEmpty() ? new Conversion.Accepted(event)
                : new Conversion.Rejected(errors.reason(), errors.kept(), errors.total());
    }

    /**
     * Parses and converts a batch: a non-empty JSON array of at most {@code maxItems} payloads, all
     * or nothing. A batch longer than {@code maxItems} is refused as {@link RejectReason#PAYLOAD_TOO_LARGE}
     * without validating its items. The errors listed are the first {@value FieldErrors#MAX_KEPT}
     * over all items; every error and every bad item is counted.
     */
    public BatchConversion convertBatch(byte[] json, int maxItems) {
        JsonNode node;
        try {
            node = parse(json);
        } catch (MalformedPayloadException e) {
            return documentError(e.reason(), e.getMessage(), 0);
        }
        if (!node.isArray()) {
            return documentError(RejectReason.INVALID_FIELD, "must be a JSON array of scans", 0);
        }
        if (node.isEmpty()) {
            return documentError(RejectReason.INVALID_FIELD, "must contain at least one scan", 0);
        }
        if (node.size() > maxItems) {
            return documentError(RejectReason.PAYLOAD_TOO_LARGE,
                    "must contain at most " + maxItems + " scans (got " + node.size() + ")", node.size());
        }
        List<ScanEvent> events = new ArrayList<>(node.size());
        List<BatchConversion.ItemError> errors = new ArrayList<>();
        int totalErrors = 0;
        int badItems = 0;
        boolean text = false;
        for (int i = 0; i < node.size(); i++) {
            FieldErrors itemErrors = new FieldErrors();
            ScanEvent event = toEvent(node.get(i), itemErrors);
            if (itemErrors.isEmpty()) {
                events.add(event);
                continue;
            }
            badItems++;
            totalErrors += itemErrors.total();
            text |= itemErrors.reason() == RejectReason.INVALID_TEXT;
            for (FieldError error : itemErrors.kept()) {
                if (errors.size() < FieldErrors.MAX_KEPT) {
                    errors.add(new BatchConversion.ItemError(i, error));
                }
            }
        }
        return badItems == 0 ? new BatchConversion.Accepted(events)
                : new BatchConversion.Rejected(text ? RejectReason.INVALID_TEXT : RejectReason.INVALID_FIELD, errors,
                        node.size(), totalErrors, badItems);
    }

    /**
     * Parses bytes into a JSON tree with the strict reader, after the text policy's first rule: the
     * body must be strict UTF-8. It is decoded here, not by Jackson, which would otherwise detect
     * UTF-16/32 by their zero bytes and accept them, and would let overlong forms through.
     */
    public static JsonNode parse(byte[] json) throws MalformedPayloadException {
        if (json == null || json.length == 0) {
            throw new MalformedPayloadException(RejectReason.MALFORMED_JSON, "payload is empty");
        }
        String text;
        try {
            text = TextPolicy.decodeUtf8(json, 0, json.length);
        } catch (CharacterCodingException e) {
            throw new MalformedPayloadException(RejectReason.INVALID_TEXT,
                    "must be strict UTF-8 (no overlong forms, surrogates or code points above U+10FFFF)");
        }
        if (text.indexOf('\0') >= 0) {
            // JSON text never holds a raw NUL; zero bytes mean UTF-16/32, which are refused
            throw new MalformedPayloadException(RejectReason.INVALID_TEXT, "must be UTF-8 (UTF-16 and UTF-32 are refused)");
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new MalformedPayloadException(RejectReason.MALFORMED_JSON, "payload is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            // Jackson's original message quotes the offending input; keep only where it broke.
            throw new MalformedPayloadException(RejectReason.MALFORMED_JSON, "not well-formed JSON" + location(e));
        } catch (IOException | RuntimeException e) {
            throw new MalformedPayloadException(RejectReason.MALFORMED_JSON, "not readable as JSON");
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static BatchConversion documentError(RejectReason reason, String message, int items) {
        return new BatchConversion.Rejected(reason, List.of(new BatchConversion.ItemError(-1, new FieldError("$", message))), items);
    }

    private ScanEvent toEvent(JsonNode node, FieldErrors errors) {
        if (node == null || !node.isObject()) {
            errors.add("$", "must be a JSON object");
            return null;
        }
        if (node.size() > FIELDS.size()) {
            // more members than the schema has names: refuse without looking at the values
            errors.add("$", "has " + node.size() + " members; a scan has at most " + FIELDS.size());
            unknownFields(node, FIELDS, "", errors);
            return null;
        }
        unknownFields(node, FIELDS, "", errors);

        String eventId = text(node, EVENT_ID, EVENT_ID, true, FieldLimits.ID, errors);
        ScanSource source = symbol(node, SOURCE, true, SOURCES, errors);
        String deviceId = text(node, DEVICE_ID, DEVICE_ID, true, FieldLimits.ID, errors);
        String checkpointId = text(node, CHECKPOINT_ID, CHECKPOINT_ID, false, FieldLimits.ID, errors);
        String villageCode = villageCode(node, errors);
        Direction direction = symbol(node, DIRECTION, false, DIRECTIONS, errors);
        String personToken = person(node, errors);
        PersonKind personKind = symbol(node, PERSON_KIND, false, PERSON_KINDS, errors);
        String plate = text(node, VEHICLE_PLATE, VEHICLE_PLATE, false, FieldLimits.VEHICLE_PLATE, errors);
        Instant scannedAt = scannedAt(node, errors);
        TemperatureReading temperature = temperature(node, errors);
        HealthCodeColour healthCode = symbol(node, HEALTH_CODE, false, HEALTH_CODES, errors);
        Integer testAge = testResultAge(node, errors);

        if (!errors.isEmpty()) {
            return null;
        }
        return ScanEvent.newBuilder()
                .setEventId(eventId)
                .setSource(source)
                .setDeviceId(deviceId)
                .setCheckpointId(checkpointId)
                .setVillageCode(villageCode)
                .setDirection(direction == null ? Direction.UNKNOWN_DIRECTION : direction)
                .setPersonToken(personToken)
                .setPersonKind(personKind == null ? PersonKind.UNKNOWN_PERSON : personKind)
                .setVehiclePlate(plateTokens.tokenOrNull(plate))
                .setScannedAt(scannedAt)
                .setTemperature(temperature)
                .setHealthCode(healthCode)
                .setTestResultAgeHours(testAge)
                .build();
    }

    /**
     * Unknown members, by name when the name is a plain one that cannot be an identity number
     * ({@link IdentityPatterns#isEchoableName}); otherwise without it.
     */
    private static void unknownFields(JsonNode node, Set<String> known, String prefix, FieldErrors errors) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (known.contains(name)) {
                continue;
            }
            if (IdentityPatterns.isEchoableName(name)) {
                errors.add(prefix + name, "unknown field");
            } else {
                errors.add(prefix.isEmpty() ? "$" : prefix.substring(0, prefix.length() - 1),
                        "unknown field (name not shown: not a plain name, or it looks like an identity number)");
            }
        }
    }

    /** Absent and JSON null both mean "not given". */
    private static JsonNode present(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    /** The field's value, or null when not given, which a {@code required} field records as an error at {@code path}. */
    private static JsonNode given(JsonNode node, String field, String path, boolean required, FieldErrors errors) {
        JsonNode value = present(node, field);
        if (value == null && required) {
            errors.add(path, "is required");
        }
        return value;
    }

    /**
     * A string field under the text policy: the string's own check first ({@code invalid_text}),
     * then blankness ({@code invalid_field}).
     */
    private static String text(JsonNode node, String field, String path, boolean required, int maxLength, FieldErrors errors) {
        JsonNode value = given(node, field, path, required, errors);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(path, "must be a string");
            return null;
        }
        String text = value.textValue();
        if (breaksTextPolicy(value, path, maxLength, errors)) {
            return null;
        }
        if (text.isBlank()) {
            errors.add(path, "must not be blank");
            return null;
        }
        return text;
    }

    /** Whether a string value breaks the text policy (recorded as {@code invalid_text}); other values are the caller's. */
    private static boolean breaksTextPolicy(JsonNode value, String path, int maxLength, FieldErrors errors) {
        if (!value.isTextual()) {
            return false;
        }
        Optional<String> violation = TextPolicy.violation(value.textValue(), maxLength);
        violation.ifPresent(v -> errors.text(path, v));
        return violation.isPresent();
    }

    private static <E> E symbol(JsonNode node, String field, boolean required, Map<String, E> symbols, FieldErrors errors) {
        return symbol(node, field, field, required, symbols, errors);
    }

    private static <E> E symbol(JsonNode node, String field, String path, boolean required, Map<String, E> symbols,
                                FieldErrors errors) {
        JsonNode value = given(node, field, path, required, errors);
        if (value == null) {
            return null;
        }
        if (breaksTextPolicy(value, path, MAX_SYMBOL_LENGTH, errors)) {
            return null;
        }
        E symbol = value.isTextual() ? symbols.get(value.textValue().toUpperCase(Locale.ROOT)) : null;
        if (symbol == null) {
            errors.add(path, "must be one of " + String.join(", ", symbols.keySet()));
        }
        return symbol;
    }

    private static String villageCode(JsonNode node, FieldErrors errors) {
        JsonNode value = present(node, VILLAGE);
        if (value == null) {
            return null;
        }
        if (breaksTextPolicy(value, VILLAGE, FieldLimits.VILLAGE_CODE, errors)) {
            return null;
        }
        if (!value.isTextual() || !AreaCodes.isVillageCode(value.textValue())) {
            errors.add(VILLAGE, "must be a string of 12 digits (statistical division code)");
            return null;
        }
        return value.textValue();
    }

    /**
     * The person token: given, or made here from a raw personId which is then forgotten. Both go
     * through the text policy first, so the pseudonymiser only ever sees text it can encode
     * exactly: two different ids can never share a token.
     */
    private String person(JsonNode node, FieldErrors errors) {
        JsonNode token = present(node, PERSON_TOKEN_FIELD);
        JsonNode rawId = present(node, PERSON_ID);
        if (token != null && rawId != null) {
            errors.add(PERSON_ID, "must not be given together with '" + PERSON_TOKEN_FIELD + "'");
            return null;
        }
        if (token != null) {
            if (breaksTextPolicy(token, PERSON_TOKEN_FIELD, FieldLimits.PERSON_TOKEN, errors)) {
                return null;
            }
            if (!token.isTextual() || !PersonTokens.isToken(token.textValue())) {
                errors.add(PERSON_TOKEN_FIELD,
                        "must be a 43-character base64url HMAC token; send a raw identity as '" + PERSON_ID + "'");
                return null;
            }
            return token.textValue();
        }
        if (rawId == null) {
            return null;
        }
        String id = text(node, PERSON_ID, PERSON_ID, false, FieldLimits.PERSON_ID, errors);
        return id == null ? null : pseudonymizer.token(id);
    }

    private static Instant scannedAt(JsonNode node, FieldErrors errors) {
        JsonNode value = given(node, SCANNED_AT, SCANNED_AT, true, errors);
        if (value == null) {
            return null;
        }
        if (breaksTextPolicy(value, SCANNED_AT, MAX_TIMESTAMP_LENGTH, errors)) {
            return null;
        }
        return instant(value, errors);
    }

    private static Instant instant(JsonNode value, FieldErrors errors) {
        Instant instant;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            instant = Instant.ofEpochMilli(value.longValue());
        } else if (value.isTextual()) {
            try {
                instant = OffsetDateTime.parse(value.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                errors.add(SCANNED_AT,
                        "must be an ISO-8601 date-time with an offset (2024-01-20T08:15:00+08:00) or epoch milliseconds");
                return null;
            }
        } else {
            errors.add(SCANNED_AT, "must be an ISO-8601 date-time string or an integer of epoch milliseconds");
            return null;
        }
        if (instant.isBefore(EARLIEST_SCAN) || !instant.isBefore(LATEST_SCAN)) {
            errors.add(SCANNED_AT, "must be between " + EARLIEST_SCAN + " and " + LATEST_SCAN
                    + " (epoch values are milliseconds, not seconds or microseconds)");
            return null;
        }
        return instant;
    }

    private static TemperatureReading temperature(JsonNode node, FieldErrors errors) {
        JsonNode value = present(node, TEMPERATURE);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            errors.add(TEMPERATURE, "must be an object {value, unit, bodySite, ambientCelsius}");
            return null;
        }
        int before = errors.total();
        unknownFields(value, TEMPERATURE_FIELDS, TEMPERATURE + ".", errors);
        Double reading = number(value, T_VALUE, true, errors);
        TemperatureUnit unit = symbol(value, T_UNIT, TEMPERATURE + "." + T_UNIT, true, UNITS, errors);
        BodySite site = symbol(value, T_BODY_SITE, TEMPERATURE + "." + T_BODY_SITE, false, BODY_SITES, errors);
        Double ambient = number(value, T_AMBIENT, false, errors);
        if (errors.total() > before) {
            return null;
        }
        return TemperatureReading.newBuilder()
                .setValue(reading)
                .setUnit(unit)
                .setBodySite(site == null ? BodySite.UNKNOWN_SITE : site)
                .setAmbientCelsius(ambient)
                .build();
    }

    private static Double number(JsonNode temperature, String field, boolean required, FieldErrors errors) {
        String path = TEMPERATURE + "." + field;
        JsonNode value = given(temperature, field, path, required, errors);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.doubleValue())) {
            errors.add(path, "must be a finite number");
            return null;
        }
        return value.doubleValue();
    }

    private static Integer testResultAge(JsonNode node, FieldErrors errors) {
        JsonNode value = present(node, TEST_RESULT_AGE);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()
                || value.intValue() < 0 || value.intValue() > MAX_TEST_RESULT_AGE_HOURS) {
            errors.add(TEST_RESULT_AGE, "must be an integer from 0 to " + MAX_TEST_RESULT_AGE_HOURS);
            return null;
        }
        return value.intValue();
    }

    @SafeVarargs
    private static <E extends Enum<E>> Map<String, E> symbols(E... values) {
        Map<String, E> map = new LinkedHashMap<>();
        for (E value : values) {
            map.put(value.name(), value);
        }
        return Collections.unmodifiableMap(map);
    }

    private static Map<String, TemperatureUnit> units() {
        Map<String, TemperatureUnit> map = new LinkedHashMap<>();
        map.put("C", TemperatureUnit.CELSIUS);
        map.put("F", TemperatureUnit.FAHRENHEIT);
        return Collections.unmodifiableMap(map);
    }

    /**
     * The bytes were not one well-formed JSON document ({@link RejectReason#MALFORMED_JSON}) or not
     * strict UTF-8 ({@link RejectReason#INVALID_TEXT}). The message never quotes the input.
     */
    public static final class MalformedPayloadException extends Exception {
        private final RejectReason reason;

        public MalformedPayloadException(RejectReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }

        public RejectReason reason() {
            return reason;
        }
    }
}
