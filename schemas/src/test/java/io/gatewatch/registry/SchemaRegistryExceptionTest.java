package io.gatewatch.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaRegistryExceptionTest {

    static Stream<Arguments> codes() {
        return Stream.of(
                Arguments.of(40401, SchemaRegistryException.SubjectNotFound.class, 404),
                Arguments.of(40402, SchemaRegistryException.VersionNotFound.class, 404),
                Arguments.of(40403, SchemaRegistryException.SchemaNotFound.class, 404),
                Arguments.of(40408, SchemaRegistryException.CompatibilityNotConfigured.class, 404),
                Arguments.of(42201, SchemaRegistryException.InvalidSchema.class, 422),
                Arguments.of(42202, SchemaRegistryException.InvalidVersion.class, 422),
                Arguments.of(42203, SchemaRegistryException.InvalidCompatibilityLevel.class, 422),
                Arguments.of(409, SchemaRegistryException.IncompatibleSchema.class, 409),
                Arguments.of(40901, SchemaRegistryException.IncompatibleSchema.class, 409),
                Arguments.of(50001, SchemaRegistryException.class, 500));
    }

    @ParameterizedTest
    @MethodSource("codes")
    void shouldMapEachConfluentErrorCodeToItsTypeAndStatus(int code, Class<?> type, int status) {
        SchemaRegistryException e = SchemaRegistryException.of(code, "from the registry");

        assertThat(e).isExactlyInstanceOf(type);
        assertThat(e.errorCode()).isEqualTo(code);
        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e.detail()).isEqualTo("from the registry");
        assertThat(e.getMessage()).contains("from the registry").contains(String.valueOf(code));
        assertThat(e.isRetriable()).isEqualTo(status >= 500);
    }

    @Test
    void shouldCallMissingAnswersThrottlingAndTimeoutsRetriable() {
        assertThat(new SchemaRegistryException.Unreachable("down", null).isRetriable()).isTrue();
        assertThat(new SchemaRegistryException.UnexpectedResponse(429, "slow down").isRetriable()).isTrue();
        assertThat(new SchemaRegistryException.UnexpectedResponse(408, "timeout").isRetriable()).isTrue();
        assertThat(new SchemaRegistryException.UnexpectedResponse(404, "proxy page").isRetriable()).isFalse();
    }
}
