package io.gatewatch.app.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/** Where {@code gatewatch report} reads the stored figures, and where {@code --serve} listens. */
public final class ReportSettings {
    public static final String JDBC_URL = "report.jdbc.url";
    public static final String JDBC_USER = "report.jdbc.user";
    public static final String JDBC_PASSWORD = "report.jdbc.password";
    public static final String TIME_ZONE = "report.time.zone";
    public static final String HTTP_HOST = "report.http.host";
    public static final String HTTP_PORT = "report.http.port";

    private ReportSettings() {}

    public static ConfigDef configDef() {
        return new ConfigDef()
                .define(JDBC_URL, Type.STRING, "jdbc:postgresql://localhost:5432/gatewatch", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "JDBC URL of the sink's database (read-only use; a read replica will do). When report.jdbc.* are not "
                                + "given, the sink's sink.jdbc.* are used if given.")
                .define(JDBC_USER, Type.STRING, "postgres", Importance.HIGH,
                        "Database user (the default is the demo's embedded PostgreSQL's).")
                .define(JDBC_PASSWORD, Type.PASSWORD, "", Importance.HIGH, "Database password.")
                .define(TIME_ZONE, Type.STRING, "Asia/Shanghai", ConfigDef.LambdaValidator.with((name, value) -> {
                            try {
                                java.time.ZoneId.of(String.valueOf(value));
                            } catch (RuntimeException e) {
                                throw new org.apache.kafka.common.config.ConfigException(name, value, "not an IANA time zone id");
                            }
                        }, () -> "IANA time zone id"), Importance.MEDIUM,
                        "Zone of the local days when a request names none; keep it equal to counts.time.zone.")
                .define(HTTP_HOST, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.LOW,
                        "Address `report --serve` listens on.")
                .define(HTTP_PORT, Type.INT, 8090, Range.between(0, 65535), Importance.MEDIUM,
                        "Port `report --serve` serves /reports/daily on (0: any free port).");
    }
}
