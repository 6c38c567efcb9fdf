package io.gatewatch.app.cli;

import io.gatewatch.app.config.CommonConfig;
import io.gatewatch.app.config.ConfigCatalog;
import io.gatewatch.app.config.ResolvedConfig;
import io.gatewatch.app.config.TopicsConfig;
import io.gatewatch.app.stack.KafkaClients;
import io.gatewatch.app.stack.TopicLayout;
import io.gatewatch.schema.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatewatch topics create|list}: GateWatch's topics on any Kafka cluster. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create or list GateWatch's topics on a Kafka cluster (names from io.gatewatch.schema.Topics).",
        subcommands = {TopicsCommand.Create.class, TopicsCommand.ListTopics.class})
public final class TopicsCommand extends CommandGroup {
    abstract static class TopicsBase extends ProcessCommand {
        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Kafka brokers (kafka.bootstrap.servers).")
        @Setting(CommonConfig.KAFKA_BOOTSTRAP_SERVERS)
        String bootstrapServers;

        @Option(names = "--partitions", description = "Partitions of the high-volume topics (topics.partitions).")
        @Setting(TopicsConfig.PARTITIONS)
        Integer partitions;

        @Option(names = "--replication-factor", description = "Replication factor (topics.replication.factor); -1 = broker default.")
        @Setting(TopicsConfig.REPLICATION_FACTOR)
        Short replicationFactor;

        TopicsBase() {
            super(ConfigCatalog.TOPICS);
        }

        @Override
        protected final int run(ResolvedConfig config) throws Exception {
            try (Admin admin = Admin.create(KafkaClients.admin(config))) {
                int code = run(admin, TopicsConfig.layout(config));
                out().flush();
                return code;
            }
        }

        /** Acts on the cluster through {@code admin}; {@code layout} is what 'create' gives each topic. Returns the exit code. */
        abstract int run(Admin admin, TopicLayout layout) throws Exception;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create every GateWatch topic that does not exist yet (existing topics are left as they are).")
    static final class Create extends TopicsBase {
        @Override
        int run(Admin admin, TopicLayout layout) throws Exception {
            CreateTopicsResult result = admin.createTopics(layout.newTopics());
            for (NewTopic topic : layout.newTopics()) {
                try {
                    result.values().get(topic.name()).get(60, TimeUnit.SECONDS);
                    out().printf("created  %-30s partitions=%d %s%n", topic.name(), topic.numPartitions(), topic.configs());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create topic " + topic.name() + ": " + e.getCause().getMessage(), e.getCause());
                    }
                    out().printf("exists   %s%n", topic.name());
                }
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Show each GateWatch topic: present or missing, partitions (and what 'create' would give).")
    static final class ListTopics extends TopicsBase {
        @Override
        int run(Admin admin, TopicLayout layout) throws Exception {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<String> present = Topics.ALL.stream().filter(existing::contains).toList();
            Map<String, TopicDescription> described = admin.describeTopics(present).allTopicNames().get(60, TimeUnit.SECONDS);
            int missing = 0;
            for (String topic : Topics.ALL) {
                TopicDescription d = described.get(topic);
                if (d == null) {
                    missing++;
                    out().printf("missing  %-30s (create: partitions=%d)%n", topic, layout.partitionsOf(topic));
                } else {
                    out().printf("present  %-30s partitions=%d%n", topic, d.partitions().size());
                }
            }
            return missing == 0 ? 0 : 3;
        }
    }
}
