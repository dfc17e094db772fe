package com.poblysh.connectors.query.openapi;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A property whose value is an object of a documented schema, or null ({@code @Schema(nullable = true)} on a property
 * of a record type), is written {@code anyOf: [{$ref}, {type: null}]}: the generator puts {@code type: null} beside the
 * {@code $ref}, and in OpenAPI 3.1 what stands beside a {@code $ref} narrows it, so neither the object nor null would
 * validate.
 */
@Configuration(proxyBeanMethods = false)
class NullableReferences {

    @Bean
    OpenApiCustomizer nullableReferenceProperties() {
        return openApi -> {
            if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
                return;
            }
            openApi.getComponents().getSchemas().values().forEach(NullableReferences::rewrite);
        };
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void rewrite(Schema schema) {
        Map<String, Schema> properties = schema.getProperties();
        if (properties == null) {
            return;
        }
        properties.replaceAll((name, property) -> {
            if (property.get$ref() == null || property.getTypes() == null || !property.getTypes().contains("null")) {
                return property;
            }
            Schema none = new JsonSchema();
            none.addType("null");
            Schema either = new JsonSchema();
            either.setAnyOf(List.of(new JsonSchema().$ref(property.get$ref()), none));
            either.setDescription(property.getDescription());
            return either;
        });
    }
}
