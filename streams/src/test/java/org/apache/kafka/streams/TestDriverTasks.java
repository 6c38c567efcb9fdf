package org.apache.kafka.streams;

/**
 * Closes a {@link TopologyTestDriver}'s task the way a clean shutdown of Kafka Streams does
 * (suspend, commit, flush, checkpoint, close the stores) without the driver's own {@code close()},
 * which then wipes the state directory. A test copies the directory in between to start a new
 * driver on the state a restarted instance would find. In Kafka's package because the driver's task
 * is package-private; test support only.
 */
public final class TestDriverTasks {
    private TestDriverTasks() {}

    /** Closes the task cleanly and detaches it, so a later {@link TopologyTestDriver#close()} leaves it alone. */
    public static void closeTaskCleanly(TopologyTestDriver driver) {
        if (driver.task == null) {
            return;
        }
        driver.task.suspend();
        driver.task.prepareCommit(true);
        driver.task.postCommit(true);
        driver.task.closeClean();
        driver.task = null;
    }
}
