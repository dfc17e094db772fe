package com.poblysh.connectors.common.web;

import com.poblysh.connectors.common.tenancy.TenantId;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets a controller take the authenticated {@link TenantId} as a parameter; it never comes from user input. */
class TenantIdArgumentResolver implements HandlerMethodArgumentResolver {

    private final TenantRequests tenants;

    TenantIdArgumentResolver(TenantRequests tenants) {
        this.tenants = tenants;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == TenantId.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
            WebDataBinderFactory binderFactory) {
        HttpServletRequest servlet = request.getNativeRequest(HttpServletRequest.class);
        Object tenant = servlet.getAttribute(TenantRequests.TENANT_ATTRIBUTE);
        // Normally set by the service's auth filter; resolving here as well keeps a controller safe even if a
        // route were ever left out of the filter's table.
        return tenant != null ? tenant : tenants.requireTenant(servlet);
    }
}
