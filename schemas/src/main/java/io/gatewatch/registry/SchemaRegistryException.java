package io.gatewatch.registry;

/**
 * A registry error with its Confluent error code ({@code {"error_code": ..., "message": ...}}).
 *
 * <p>Codes: 40401 subject not found, 40402 version not found, 40403 schema not found,
 * 42201 invalid schema, 42202 invalid version, 42203 invalid compatibility level,
 * 409/40901 incompatible schema, 50001-50003 registry-side errors. The HTTP status is the
 * first three digits of the error code. Subclasses let callers catch what they can handle.
 */
public class SchemaRegistryException extends RuntimeException {
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INCOMPATIBLE_SCHEMA_CODE = 40901;
    public static final int STORE_ERROR = 50001;

    private final int errorCode;

    public SchemaRegistryException(int errorCode, String message) {
        this(errorCode, message, null);
    }

    public SchemaRegistryException(int errorCode, String message, Throwable cause) {
        super(message + " (error code " + errorCode + ")", cause);
        this.errorCode = errorCode;
    }

    /** The Confluent error code, e.g. 40401. */
    public int errorCode() {
        return errorCode;
    }

    /** HTTP status the registry answers with for this error (first three digits of the code). */
    public int httpStatus() {
        return errorCode < 1000 ? errorCode : errorCode / 100;
    }

    /** Maps an error code read from a registry response to the matching typed exception. */
    public static SchemaRegistryException of(int errorCode, String message) {
        return switch (errorCode) {
            case SUBJECT_NOT_FOUND -> new SubjectNotFound(message);
            case VERSION_NOT_FOUND -> new VersionNotFound(message);
            case SCHEMA_NOT_FOUND -> new SchemaNotFound(message);
            case INVALID_SCHEMA -> new InvalidSchema(message);
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

    public static final class InvalidSchema extends SchemaRegistryException {
        public InvalidSchema(String message) { super(INVALID_SCHEMA, message); }
    }

    public static final class InvalidCompatibilityLevel extends SchemaRegistryException {
        public InvalidCompatibilityLevel(String message) { super(INVALID_COMPATIBILITY_LEVEL, message); }
    }

    /** Both 409 (Confluent's HTTP-level code) and 40901 (its error_code, also Apicurio's) land here. */
    public static final class IncompatibleSchema extends SchemaRegistryException {
        public IncompatibleSchema(String message) { this(INCOMPATIBLE_SCHEMA_CODE, message); }
        public IncompatibleSchema(int code, String message) { super(code, message); }
    }
}
