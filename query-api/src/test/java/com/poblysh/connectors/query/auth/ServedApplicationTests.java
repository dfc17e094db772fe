package com.poblysh.connectors.query.auth;

import java.util.List;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/** What tests of the application's whole route table work with: MockMvc, JSON and the routes it really serves. */
public abstract class ServedApplicationTests {

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected JsonMapper json;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mapping;

    /** The routes served, read from the handler mappings. */
    protected List<ServedRoutes.Route> served() {
        return ServedRoutes.of(mapping);
    }
}
