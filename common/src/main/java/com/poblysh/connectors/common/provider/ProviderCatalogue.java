package com.poblysh.connectors.common.provider;

import static com.poblysh.connectors.common.provider.SignalKind.*;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalogue of supported providers and their capabilities, sorted by name: what is built, not what is planned.
 * Every provider receives verified webhooks; {@code polling} is true exactly for the providers ingest-service has a
 * poll executor for (its {@code PolledProvidersTests} fail when the two differ). The signal kinds are exactly those
 * each provider's normalizer produces (the processor's golden tests fail when the two differ).
 */
public final class ProviderCatalogue {

    private static final List<ProviderDescriptor> ALL = List.of(
            new ProviderDescriptor(Provider.GITHUB, "oauth2", List.of("repo", "read:org", "read:user"), true, true,
                    List.of(ISSUE_CREATED, ISSUE_UPDATED, ISSUE_CLOSED, ISSUE_REOPENED, ISSUE_COMMENT, PR_OPENED,
                            PR_CLOSED, PR_MERGED, PR_REOPENED, PR_UPDATED, PR_REVIEW, CODE_PUSHED, RELEASE_PUBLISHED)),
            new ProviderDescriptor(Provider.JIRA, "oauth2",
                    List.of("read:jira-work", "read:jira-user", "manage:jira-webhook", "offline_access"), true, true,
                    List.of(ISSUE_CREATED, ISSUE_UPDATED, ISSUE_RESOLVED, ISSUE_COMMENT)),
            new ProviderDescriptor(Provider.MICROSOFT_GRAPH, "oauth2",
                    List.of("offline_access", "User.Read", "Mail.Read", "Calendars.Read", "Files.Read.All"), true,
                    true,
                    // file_moved is not listed: a change notification cannot tell a move from an update
                    List.of(EMAIL_RECEIVED, EMAIL_UPDATED, EMAIL_DELETED, CALENDAR_EVENT_CREATED,
                            CALENDAR_EVENT_UPDATED, CALENDAR_EVENT_DELETED, FILE_CREATED, FILE_UPDATED, FILE_DELETED)),
            new ProviderDescriptor(Provider.SLACK, "oauth2",
                    List.of("channels:history", "groups:history", "reactions:read", "team:read"), true, false,
                    List.of(MESSAGE_POSTED, MESSAGE_UPDATED, MESSAGE_DELETED, REACTION_ADDED)))
            .stream().sorted(Comparator.comparing(ProviderDescriptor::name)).toList();

    private static final Map<Provider, ProviderDescriptor> BY_PROVIDER =
            ALL.stream().collect(Collectors.toUnmodifiableMap(ProviderDescriptor::provider, Function.identity()));

    private ProviderCatalogue() {
    }

    /** Every provider, sorted by name. */
    public static List<ProviderDescriptor> all() {
        return ALL;
    }

    public static ProviderDescriptor of(Provider provider) {
        return BY_PROVIDER.get(provider);
    }
}
