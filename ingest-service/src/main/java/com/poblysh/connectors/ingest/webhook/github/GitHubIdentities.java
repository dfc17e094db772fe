package com.poblysh.connectors.ingest.webhook.github;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import com.poblysh.connectors.common.identity.ExternalIdentity;
import com.poblysh.connectors.common.identity.IdentityKind;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a GitHub delivery names: the numeric ids of its top-level {@code repository}, {@code organization} and
 * {@code installation} objects (a repository hook sends the first, an organization hook the first two, a GitHub App
 * every one). Read with a streaming parser that skips everything else, because GitHub is the provider whose body
 * ingest does not otherwise build as a tree.
 */
final class GitHubIdentities {

    private static final Map<String, IdentityKind> OBJECTS = Map.of(
            "repository", IdentityKind.GITHUB_REPOSITORY,
            "organization", IdentityKind.GITHUB_ORGANIZATION,
            "installation", IdentityKind.GITHUB_INSTALLATION);

    private GitHubIdentities() {
    }

    /** The identities of a body already known to be one JSON document; none when it is not an object. */
    static Set<ExternalIdentity> of(JsonMapper json, byte[] body) {
        Set<ExternalIdentity> found = new LinkedHashSet<>();
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return found;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                IdentityKind kind = OBJECTS.get(parser.currentName());
                JsonToken value = parser.nextToken();
                if (kind != null && value == JsonToken.START_OBJECT) {
                    readId(parser, kind, found);
                } else {
                    parser.skipChildren();
                }
            }
        } catch (JacksonException e) {
            // the body was checked to be JSON before; whatever cannot be read names nothing
        }
        return found;
    }

    private static void readId(JsonParser parser, IdentityKind kind, Set<ExternalIdentity> found) {
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("id".equals(name) && value == JsonToken.VALUE_NUMBER_INT) {
                String id = parser.getText();
                if (ExternalIdentity.isValid(id)) {
                    found.add(ExternalIdentity.of(kind, id));
                }
            } else {
                parser.skipChildren();
            }
        }
    }
}
