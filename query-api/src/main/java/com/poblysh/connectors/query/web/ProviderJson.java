package com.poblysh.connectors.query.web;

import com.poblysh.connectors.common.provider.Provider;
import org.springframework.boot.jackson.JacksonComponent;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes a {@link Provider} as its id ({@code "microsoft_graph"}), the one way the API names providers, whatever
 * the mapper's enum settings.
 */
@JacksonComponent
class ProviderJson extends ValueSerializer<Provider> {

    @Override
    public void serialize(Provider provider, JsonGenerator json, SerializationContext context) {
        json.writeString(provider.id());
    }
}
