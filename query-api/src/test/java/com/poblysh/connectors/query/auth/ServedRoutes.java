package com.poblysh.connectors.query.auth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The routes the application really serves, read from Spring MVC's handler mappings (not from a list someone has
 * to keep up to date): one entry per method and path pattern. The matrices iterate over these, so a new endpoint
 * takes part in them the moment it exists.
 */
public final class ServedRoutes {

    /** A served route; {@code method} is {@code *} for handlers that accept any method. */
    public record Route(String method, String pattern, Class<?> handler) {

        /** How matrices name it, e.g. {@code GET /connections/{id}}. */
        public String key() {
            return method + " " + pattern;
        }

        /** Whether this service's own code handles it (not springdoc's). */
        public boolean ours() {
            return handler.getName().startsWith("com.poblysh.connectors.query.");
        }

        /** The pattern with every path variable filled in with a value that names nothing. */
        String samplePath() {
            return pattern.replace("{provider}", "github").replace("{id}", UUID.randomUUID().toString())
                    .replace("{tenantId}", UUID.randomUUID().toString());
        }

        /** What the auth filter's route table says of it. */
        public boolean isPublic() {
            return PublicRoutes.isPublic(samplePath(), "");
        }

        /** Whether it is the operator console's (signed-in sessions, not bearer tokens). */
        public boolean isConsole() {
            return ConsoleRoutes.isConsole(samplePath(), "");
        }

        /** Whether it is a tenantless operator route (an operator token, no tenant header). */
        public boolean isOperatorOnly() {
            return PublicRoutes.isOperatorOnly(samplePath(), "");
        }

        /** The method to send; any-method handlers are probed with GET. */
        String probeMethod() {
            return method.equals("*") ? "GET" : method;
        }
    }

    private ServedRoutes() {
    }

    public static List<Route> of(RequestMappingHandlerMapping mapping) {
        List<Route> routes = new ArrayList<>();
        mapping.getHandlerMethods().forEach((RequestMappingInfo info, HandlerMethod handler) -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (methods.isEmpty()) {
                    routes.add(new Route("*", pattern, handler.getBeanType()));
                }
                methods.forEach(m -> routes.add(new Route(m.name(), pattern, handler.getBeanType())));
            }
        });
        // several mappings may share method + path (e.g. produces variants): one route each
        return routes.stream().filter(distinctKeys()).sorted(Comparator.comparing(Route::key)).toList();
    }

    private static java.util.function.Predicate<Route> distinctKeys() {
        Set<String> seen = new java.util.HashSet<>();
        return route -> seen.add(route.key());
    }
}
