package io.gatewatch.schema;

/**
 * Which topic, and so which audience, each alert type goes to. One exhaustive mapping (a switch
 * expression over {@link AlertType}, so adding a type to the contract does not compile until it is
 * given an audience): a new person-level alert can never land on {@link Topics#FAULTS_DEVICE} — the
 * operations topic that promises to carry no health data — by omission.
 */
public final class AlertAudiences {
    private AlertAudiences() {}

    /** The topic alerts of {@code type} are published on. */
    public static String topicOf(AlertType type) {
        return switch (type) {
            case FEVER -> Topics.ALERTS_FEVER;
            case NON_GREEN_CODE, RED_CODE_ENTRY -> Topics.ALERTS_HEALTHCODE;
            case MULTI_CHECKPOINT -> Topics.ALERTS_ESCALATION;
            case OBSERVATION_BREACH, MISSED_CHECKIN -> Topics.ALERTS_OBSERVATION;
            case DEVICE_FAULT, DEVICE_FAULT_RATE -> Topics.FAULTS_DEVICE;
            // the reader's default for a symbol a newer writer added: never raised, so never routed
            case UNKNOWN_ALERT -> throw new IllegalArgumentException("UNKNOWN_ALERT is a reader default and has no audience");
        };
    }

    /** Whether alerts of {@code type} are about a person (health data) rather than a device. */
    public static boolean isAboutAPerson(AlertType type) {
        return !Topics.FAULTS_DEVICE.equals(topicOf(type));
    }
}
