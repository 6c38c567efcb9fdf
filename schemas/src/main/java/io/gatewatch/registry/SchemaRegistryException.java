package io.gatewatch.registry;

/**
 * A registry error with its Confluent error code ({@code {"error_code": ..., "message": ...}}).
 *
 * <p>Codes: 40401 subject not found, 40402 version not found, 40403 schema not found,
 * 40408 subject has no subject-level compatibility, 42201 invalid schema, 42202 invalid version,
 * 42203 invalid compatibility level, 409/40901 incompatible schema (Confluent sends 409, some
 * compatible registries 40901), 50001-50003 registry-side errors. The HTTP status is the first
 * three digits of the error code. Errors that carry no registry error code use the HTTP status
 * itself ({@link UnexpectedResponse}), or {@value #NO_RESPONSE} when no response came at all
 * ({@link Unreachable}). Subclasses let callers catch what they can handle.
 */
public class SchemaRegistryException extends RuntimeException {
    public static final int NO_RESPONSE = 0;
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INCOMPATIBLE_SCHEMA_CODE = 40901;
    public static final int STORE_ERROR = 50001;
    public static final int OPERATION_TIMEOUT = 50002;

    private final int errorCode;
    private final String detail;

    public SchemaRegistryException(int errorCode, String message) {
        this(errorCode, message, null);
    }

    public SchemaRegistryException(int errorCode, String message, Throwable cause) {
        super(message + " (error code " + errorCode + ")", cause);
        this.errorCode = errorCode;
        this.detail = message;
    }

    /** The Confluent error code, e.g. 40401. */
    public int errorCode() {
        return errorCode;
    }

    /** The message without the error code, as a registry puts it in its error body. */
    public String detail() {
        return detail;
    }

    /** HTTP status the registry answers with for this error (first three digits of the code). */
    public int httpStatus() {
        return errorCode < 1000 ? errorCode : errorCode / 100;
    }

    /**
     * True when asking again later may succeed: no answer at all, or a registry-side (5xx), timeout
     * (408) or throttling (429) answer. Refusals (4xx) are final. The client has already retried
     * these within its own budget; callers use this to answer "try later" rather than "refused".
     */
    public boolean isRetriable() {
        int status = httpStatus();
        return errorCode == NO_RESPONSE || status >= 500 || status == 408 || status == 429;
    }

    /** Maps an error code read from a registry response to the matching typed exception. */
    public static SchemaRegistryException of(int errorCode, String message) {
        return switch (errorCode) {
            case SUBJECT_NOT_FOUND -> new SubjectNotFound(message);
            case VERSION_NOT_FOUND -> new VersionNotFound(message);
            case SCHEMA_NOT_FOUND -> new SchemaNotFound(message);
            case SUBJECT_COMPATIBILITY_NOT_CONFIGURED -> new CompatibilityNotConfigured(message);
            case INVALID_SCHEMA -> new InvalidSchema(message);
            case INVALID_VERSION -> new InvalidVersion(message);
            case INVALID_COMPATIBILITY_LEVEL -> new InvalidCompatibilityLevel(message);
            case INCOMPATIBLE_SCHEMA, INCOMPATIBLE_SCHEMA_CODE -> new IncompatibleSchema(errorCode, message);
            default -> new SchemaRegistryException(errorCode, message);
        };
    }

    public static final class SubjectNotFound extends SchemaRegistryException {
        public SubjectNotFound(String message) { super(SUBJECT_NOT_FOUND, message); }
    }

    public static final class VersionNotFound extends SchemaRegistryException {
        public VersionNotFound(String message) { super(VERSION_NOT_FOUND, message); }
    }

    public static final class SchemaNotFound extends SchemaRegistryException {
        public SchemaNotFound(String message) { super(SCHEMA_NOT_FOUND, message); }
    }

    /** {@code GET /config/{subject}} on a subject that has no level of its own (it follows the global one). */
    public static final class CompatibilityNotConfigured extends SchemaRegistryException {
        public CompatibilityNotConfigured(String message) { super(SUBJECT_COMPATIBILITY_NOT_CONFIGURED, message); }
    }

    public static final class InvalidSchema extends SchemaRegistryException {
        public InvalidSchema(String message) { super(INVALID_SCHEMA, message); }
    }

    public static final class InvalidVersion extends SchemaRegistryException {
        public InvalidVersion(String message) { super(INVALID_VERSION, message); }
    }

    public static final class InvalidCompatibilityLevel extends SchemaRegistryException {
        public InvalidCompatibilityLevel(String message) { super(INVALID_COMPATIBILITY_LEVEL, message); }
    }

    /**
     * Both 409 (what Confluent and Apicurio put in {@code error_code}) and 40901 (what some
     * compatible registries send) land here. Raised with 409 by GateWatch's own registries.
     */
    public static final class IncompatibleSchema extends SchemaRegistryException {
        public IncompatibleSchema(String message) { this(INCOMPATIBLE_SCHEMA, message); }
        public IncompatibleSchema(int code, String message) { super(code, message); }
    }

    /**
     * A response without a registry error body: a proxy's HTML page, a non-JSON error, or a 2xx
     * body that is not the JSON expected. The error code is the HTTP status; the message quotes the
     * start of the body.
     */
    public static final class UnexpectedResponse extends SchemaRegistryException {
        public UnexpectedResponse(int httpStatus, String message) { super(httpStatus, message); }
    }

    /** No HTTP response at all from any registry URL (connection refused, timeout, TLS failure). */
    public static final class Unreachable extends SchemaRegistryException {
        public Unreachable(String message, Throwable cause) { super(NO_RESPONSE, message, cause); }
    }
}
