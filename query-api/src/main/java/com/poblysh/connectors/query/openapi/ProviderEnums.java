package com.poblysh.connectors.query.openapi;

import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JavaType;
import com.poblysh.connectors.common.provider.Provider;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.ParameterCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where a provider appears in the OpenAPI document, its schema is a string with the enum of {@link Provider}'s
 * ids, taken from {@code Provider.values()} when the document is built, so the document lists exactly the
 * providers the service knows: on schema properties of type {@link Provider} (serialized as their id) and on
 * request parameters marked {@link ProviderId}.
 */
@Configuration(proxyBeanMethods = false)
class ProviderEnums {

    /** {@code Provider}'s ids in declaration order, e.g. {@code [github, jira, microsoft_graph, slack]}. */
    static List<String> ids() {
        return Arrays.stream(Provider.values()).map(Provider::id).toList();
    }

    @Bean
    PropertyCustomizer providerProperties() {
        return (property, type) -> {
            if (property != null && isProvider(type)) {
                restrictToProviders(property);
            }
            return property;
        };
    }

    @Bean
    ParameterCustomizer providerParameters() {
        return (parameter, methodParameter) -> {
            if (parameter != null && methodParameter.hasParameterAnnotation(ProviderId.class)) {
                restrictToProviders(parameter.getSchema());
            }
            return parameter;
        };
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void restrictToProviders(Schema schema) {
        schema.setEnum(null);
        ids().forEach(schema::addEnumItemObject);
    }

    private static boolean isProvider(AnnotatedType type) {
        Type javaType = type.getType();
        return javaType == Provider.class
                || javaType instanceof JavaType jackson && jackson.getRawClass() == Provider.class;
    }
}
