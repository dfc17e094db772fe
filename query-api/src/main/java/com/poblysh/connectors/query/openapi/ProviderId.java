package com.poblysh.connectors.query.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a request parameter that carries a {@link com.poblysh.connectors.common.provider.Provider} id, e.g.
 * {@code provider=microsoft_graph}: the OpenAPI document gives it the enum of {@code Provider}'s ids
 * ({@link ProviderEnums}). The parameter stays a {@code String} so an unknown id is answered by the endpoint's own
 * rule (400 on a filter, 404 on a path).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ProviderId {
}
