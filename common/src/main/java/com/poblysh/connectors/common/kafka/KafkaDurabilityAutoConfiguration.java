package com.poblysh.connectors.common.kafka;

import com.poblysh.connectors.common.web.CommonWebAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Durability rules for the services that declare topics: no production start on a replication factor that loses
 * acknowledged events with one broker, and topic settings an operator raised are never lowered.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaAdmin.class)
@ConditionalOnBean(KafkaPipelineProperties.class)
public class KafkaDurabilityAutoConfiguration {

    @Bean
    DurabilityCheck kafkaDurabilityCheck(KafkaPipelineProperties kafka, Environment environment) {
        DurabilityCheck check = new DurabilityCheck();
        check.verify(kafka, environment.acceptsProfiles(CommonWebAutoConfiguration.RELAXED));
        return check;
    }

    @Bean
    @ConditionalOnBean(KafkaAdmin.class)
    RaiseOnlyTopicConfigs raiseOnlyTopicConfigs(KafkaAdmin admin,
            ObjectProvider<org.apache.kafka.clients.admin.NewTopic> topics) {
        return new RaiseOnlyTopicConfigs(admin, topics);
    }
}
