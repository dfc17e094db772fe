package com.poblysh.connectors.common.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Brings existing topics up to the limits this service declares, but never down: Spring's
 * {@code modify-topic-configs} would set an operator's raised {@code min.insync.replicas} or {@code max.message.bytes}
 * back on every start. Topics that do not exist yet are created by {@link KafkaAdmin} with the declared settings.
 */
public class RaiseOnlyTopicConfigs implements SmartInitializingSingleton {

    /** The numeric settings services declare, where more is safer (or needed) and less is an operator's loss. */
    static final Set<String> RAISE_ONLY = Set.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG);

    private static final Logger log = LoggerFactory.getLogger(RaiseOnlyTopicConfigs.class);

    private final KafkaAdmin kafkaAdmin;
    private final ObjectProvider<NewTopic> topics;

    RaiseOnlyTopicConfigs(KafkaAdmin kafkaAdmin, ObjectProvider<NewTopic> topics) {
        this.kafkaAdmin = kafkaAdmin;
        this.topics = topics;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<NewTopic> declared = topics.orderedStream().toList();
        if (declared.isEmpty()) {
            return;
        }
        Map<String, Object> config = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (Admin admin = Admin.create(config)) {
            raise(admin, declared);
        } catch (Exception e) {
            // Not fatal: a missing broker is reported by health, and the next start tries again.
            log.warn("Could not check the settings of topics {}: {}", declared.stream().map(NewTopic::name).toList(),
                    e.getMessage());
        }
    }

    /** Raises what is below the declared value on existing topics; answers the settings it changed. */
    static List<String> raise(Admin admin, Collection<NewTopic> declared) throws Exception {
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
        List<ConfigResource> resources = declared.stream().filter(t -> existing.contains(t.name()))
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t.name())).toList();
        if (resources.isEmpty()) {
            return List.of();
        }
        Map<ConfigResource, Config> current = admin.describeConfigs(resources).all().get(10, TimeUnit.SECONDS);
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        List<String> changed = new ArrayList<>();
        for (NewTopic topic : declared) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
            Config config = current.get(resource);
            if (config == null || topic.configs() == null) {
                continue;
            }
            for (Map.Entry<String, String> wanted : topic.configs().entrySet()) {
                ConfigEntry entry = config.get(wanted.getKey());
                if (!RAISE_ONLY.contains(wanted.getKey()) || entry == null) {
                    continue;
                }
                long have = Long.parseLong(entry.value());
                long want = Long.parseLong(wanted.getValue());
                if (have < want) {
                    changes.computeIfAbsent(resource, r -> new ArrayList<>())
                            .add(new AlterConfigOp(new ConfigEntry(wanted.getKey(), wanted.getValue()),
                                    AlterConfigOp.OpType.SET));
                    changed.add(topic.name() + " " + wanted.getKey() + " " + have + " -> " + want);
                } else if (have > want) {
                    log.info("Topic {} keeps its {} of {} (this service declares {})", topic.name(),
                            wanted.getKey(), have, want);
                }
            }
        }
        if (!changes.isEmpty()) {
            admin.incrementalAlterConfigs(changes).all().get(10, TimeUnit.SECONDS);
            log.info("Raised topic settings: {}", changed);
        }
        return changed;
    }
}
