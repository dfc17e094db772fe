package com.poblysh.connectors.testkit;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import com.poblysh.connectors.common.provider.Provider;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The kit's fixtures, {@code fixtures/<provider id>/<name>.json} in the kit's own jar (or classes folder), listed
 * from there whether the kit is a folder, a jar or a jar inside a Spring Boot jar.
 */
public final class ProviderFixtures {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ROOT = "fixtures/";
    private static final String SUFFIX = ".json";
    private static final Map<Provider, List<ProviderFixture>> LISTED = new ConcurrentHashMap<>();

    private ProviderFixtures() {
    }

    /** The fixture {@code name} of {@code provider}, e.g. {@code get(Provider.JIRA, "issue_updated-resolved")}. */
    public static ProviderFixture get(Provider provider, String name) {
        String path = ROOT + provider.id() + "/" + name + SUFFIX;
        byte[] content;
        try (InputStream in = new URL(kitRoot() + path).openStream()) {
            content = in.readAllBytes();
        } catch (FileNotFoundException | NoSuchFileException e) {
            throw new IllegalArgumentException("no fixture " + path, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(provider, name, content);
    }

    /** Every fixture of {@code provider}, by name. */
    public static List<ProviderFixture> of(Provider provider) {
        return LISTED.computeIfAbsent(provider, p -> names(p).stream().map(name -> get(p, name)).toList());
    }

    /** Every fixture of every provider, by provider and name. */
    public static List<ProviderFixture> all() {
        return Arrays.stream(Provider.values()).flatMap(p -> of(p).stream()).toList();
    }

    static ProviderFixture parse(Provider provider, String name, byte[] content) {
        String where = ROOT + provider.id() + "/" + name + SUFFIX;
        JsonNode file = JSON.readTree(content);
        JsonNode eventType = file.path("event_type");
        JsonNode body = file.path("body");
        if (!eventType.isString() || !file.path("headers").isObject() || !(body instanceof ObjectNode)
                || !file.path("expected").isArray()) {
            throw new IllegalStateException(where + " needs event_type (text), headers and body (objects) and "
                    + "expected (an array)");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> header : file.path("headers").properties()) {
            headers.put(header.getKey(), header.getValue().asString());
        }
        List<ExpectedSignal> expected = new ArrayList<>();
        for (JsonNode e : file.path("expected")) {
            expected.add(new ExpectedSignal(e.path("kind").asString(), Instant.parse(e.path("occurred_at").asString()),
                    text(e, "actor"), text(e, "title"), text(e, "url"), e.path("stable_time").asBoolean(true),
                    text(e, "identity")));
        }
        Instant receivedAt = file.hasNonNull("received_at") ? Instant.parse(file.path("received_at").asString())
                : null;
        return new ProviderFixture(provider, name, eventType.asString(), receivedAt,
                file.path("handshake").asBoolean(false), headers, (ObjectNode) body, expected);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asString();
    }

    /**
     * The URL of the kit's own root (its jar, its classes folder, its jar inside a Spring Boot jar), so that a
     * {@code fixtures/} folder elsewhere on the class path never stands in for the kit's.
     */
    private static String kitRoot() {
        String self = ProviderFixtures.class.getName().replace('.', '/') + ".class";
        String url = ProviderFixtures.class.getClassLoader().getResource(self).toString();
        return url.substring(0, url.length() - self.length());
    }

    /** The names in {@code fixtures/<provider id>/} next to this class, not in whatever else the class path holds. */
    private static List<String> names(Provider provider) {
        String folder = ROOT + provider.id() + "/";
        URL self = ProviderFixtures.class.getResource(ProviderFixtures.class.getSimpleName() + ".class");
        try {
            URLConnection connection = self.openConnection();
            if (connection instanceof JarURLConnection jar) {
                jar.setUseCaches(false);
                try (JarFile file = jar.getJarFile()) {
                    return names(file.stream().map(JarEntry::getName), folder);
                }
            }
            Path root = Path.of(ProviderFixtures.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path dir = root.resolve(folder);
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            try (Stream<Path> files = Files.list(dir)) {
                return names(files.map(file -> folder + file.getFileName()), folder);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(Stream<String> paths, String folder) {
        return paths.filter(p -> p.startsWith(folder) && p.endsWith(SUFFIX) && p.indexOf('/', folder.length()) < 0)
                .map(p -> p.substring(folder.length(), p.length() - SUFFIX.length()))
                .sorted().toList();
    }
}
