package com.poblysh.connectors.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.poblysh.connectors.common.provider.Provider;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/** A provider is written as its id, even by a mapper that writes other enums by name. */
class ProviderJsonTests {

    @Test
    void writesAProviderAsItsId() {
        JsonMapper json = JsonMapper.builder().disable(EnumFeature.WRITE_ENUMS_USING_TO_STRING)
                .addModule(new SimpleModule().addSerializer(Provider.class, new ProviderJson()))
                .build();

        assertThat(json.writeValueAsString(Map.of("provider", Provider.MICROSOFT_GRAPH)))
                .isEqualTo("{\"provider\":\"microsoft_graph\"}");
    }
}
