package com.poblysh.connectors.query.console;

import static com.poblysh.connectors.query.console.ConsoleFixtures.as;
import static com.poblysh.connectors.query.console.ConsoleFixtures.grant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.poblysh.connectors.query.FakeProviders;
import com.poblysh.connectors.query.Fixtures;
import com.poblysh.connectors.query.QueryApiIntegrationTest;
import com.poblysh.connectors.query.RealSchemaTests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The operator console over MockMvc on the real schema: scoping by the operator's grants (also against crafted
 * ids and tenant ids), 404 for what is not granted and 403 for what the role may not do, CSRF on every form, the
 * tenant context, filters and keyset pages, the legacy redirect, and the actions with their audit rows and runs.
 */
@QueryApiIntegrationTest
class ProviderConnectionsConsoleTests extends RealSchemaTests {

    private static final String PAGE = "/admin/provider-connections";

    @Autowired
    MockMvc mvc;

    String manager;
    String viewer;
    UUID tenantA;
    UUID tenantB;
    UUID githubA;
    UUID slackA;
    UUID jiraB;

    /** Tenant A and B each have connections; the manager was granted A, the viewer A; B belongs to nobody here. */
    @BeforeEach
    void seed() {
        FakeProviders.reset();
        manager = ConsoleFixtures.operator();
        viewer = ConsoleFixtures.operator();
        tenantA = UUID.randomUUID();
        tenantB = UUID.randomUUID();
        Instant base = Fixtures.yesterday();
        githubA = Fixtures.connection(jdbc, cipher, tenantA, "github", "active", base, "gho_a");
        slackA = Fixtures.connection(jdbc, cipher, tenantA, "slack", "active", base.minusSeconds(1), "xoxb_a");
        jiraB = Fixtures.connection(jdbc, cipher, tenantB, "jira", "active", base, "jira_b");
        grant(jdbc, manager, tenantA, "manager");
        grant(jdbc, viewer, tenantA, "viewer");
    }

    @Test
    void listsOnlyTheConnectionsOfGrantedTenants() throws Exception {
        String page = html(as(manager, get(PAGE)), 200);

        assertThat(rowIds(page)).containsExactly(githubA, slackA);
        assertThat(page).doesNotContain(jiraB.toString()).doesNotContain(tenantB.toString());
    }

    @Test
    void aCraftedTenantIdOfAnotherTenantIsNotFound() throws Exception {
        String foreign = html(as(manager, get(PAGE).param("tenant_id", tenantB.toString())), 404);
        String unknown = html(as(manager, get(PAGE).param("tenant_id", UUID.randomUUID().toString())), 404);

        assertThat(foreign).doesNotContain(jiraB.toString()).doesNotContain(tenantB.toString());
        assertThat(withoutTraceId(foreign)).isEqualTo(withoutTraceId(unknown));
        // a granted tenant in the query string narrows the list to it
        assertThat(rowIds(html(as(manager, get(PAGE).param("tenant_id", tenantA.toString())), 200)))
                .containsExactly(githubA, slackA);
        html(as(manager, get(PAGE).param("tenant_id", "not-a-uuid")), 400);
    }

    @Test
    void anotherTenantsConnectionIsNotFoundForEveryAction() throws Exception {
        for (String action : List.of("/revoke", "/sync", "/health-check")) {
            String foreign = html(as(manager, post(PAGE + "/" + jiraB + action).with(csrf())), 404);
            String unknown = html(as(manager, post(PAGE + "/" + UUID.randomUUID() + action).with(csrf())), 404);
            assertThat(withoutTraceId(foreign)).as(action).isEqualTo(withoutTraceId(unknown));
        }
        html(as(manager, get(PAGE + "/" + jiraB + "/audit")), 404);
        html(as(manager, get(PAGE + "/not-a-uuid/audit")), 404);

        assertThat(status(jiraB)).isEqualTo("active");
        assertThat(count("SELECT count(*) FROM sync_jobs WHERE connection_id = ?", jiraB)).isZero();
        assertThat(count("SELECT count(*) FROM operation_runs WHERE tenant_id = ?", tenantB)).isZero();
        assertThat(count("SELECT count(*) FROM audit_log WHERE tenant_id = ?", tenantB)).isZero();
    }

    @Test
    void anotherTenantsRunIsNotFound() throws Exception {
        String other = ConsoleFixtures.operator();
        grant(jdbc, other, tenantB, "viewer");
        String runPath = location(as(other, post(PAGE + "/" + jiraB + "/health-check").with(csrf())));
        assertThat(runPath).startsWith("/admin/runs/");

        assertThat(html(as(other, get(runPath)), 200)).contains(jiraB.toString());
        html(as(manager, get(runPath)), 404);
    }

    @Test
    void aViewerSeesManagerActionsDisabledAndTheServerRefusesThem() throws Exception {
        String page = html(as(viewer, get(PAGE)), 200);
        assertThat(page).contains(ConsoleViews.MANAGER_ONLY);
        assertThat(buttons(page, "revoke")).hasSize(2).allSatisfy(b -> assertThat(b).contains("disabled"));
        assertThat(buttons(page, "sync-now")).hasSize(2).allSatisfy(b -> assertThat(b).contains("disabled"));
        assertThat(buttons(page, "health-check")).hasSize(2).allSatisfy(b -> assertThat(b).doesNotContain("disabled"));
        assertThat(buttons(html(as(manager, get(PAGE)), 200), "revoke"))
                .allSatisfy(b -> assertThat(b).doesNotContain("disabled"));

        assertThat(html(as(viewer, post(PAGE + "/" + githubA + "/revoke").with(csrf())), 403))
                .contains("you are a viewer");
        html(as(viewer, post(PAGE + "/" + githubA + "/sync").with(csrf())), 403);
        assertThat(status(githubA)).isEqualTo("active");
        assertThat(count("SELECT count(*) FROM audit_log WHERE tenant_id = ?", tenantA)).isZero();
        assertThat(count("SELECT count(*) FROM sync_jobs WHERE connection_id = ?", githubA)).isZero();
        assertThat(FakeProviders.received(FakeProviders.GITHUB_REVOKE)).isEmpty();

        // a health check changes nothing, so a viewer may run one
        assertThat(location(as(viewer, post(PAGE + "/" + githubA + "/health-check").with(csrf()))))
                .startsWith("/admin/runs/");
    }

    @Test
    void formsWithoutAValidCsrfTokenAreRefused() throws Exception {
        for (MockHttpServletRequestBuilder form : List.of(post(PAGE + "/" + githubA + "/revoke"),
                post(PAGE + "/" + githubA + "/sync"), post(PAGE + "/" + githubA + "/health-check"),
                post("/admin/tenant-context").param("tenant_id", tenantA.toString()))) {
            assertThat(mvc.perform(as(manager, form)).andReturn().getResponse().getStatus()).isEqualTo(403);
        }
        MockHttpServletResponse forged = mvc.perform(as(manager, post(PAGE + "/" + githubA + "/revoke")
                .with(csrf().useInvalidToken()))).andReturn().getResponse();
        assertThat(forged.getStatus()).isEqualTo(403);
        assertThat(forged.getContentAsString()).contains("could not be verified");

        assertThat(status(githubA)).isEqualTo("active");
        assertThat(count("SELECT count(*) FROM operation_runs WHERE tenant_id = ?", tenantA)).isZero();
        assertThat(count("SELECT count(*) FROM audit_log WHERE tenant_id = ?", tenantA)).isZero();
    }

    @Test
    void theTenantSwitcherSetsTheContextAndTheQueryStringWins() throws Exception {
        UUID tenantC = UUID.randomUUID();
        UUID slackC = Fixtures.connection(jdbc, cipher, tenantC, "slack", "active", Fixtures.yesterday(), null);
        grant(jdbc, manager, tenantC, "viewer");
        MockHttpSession session = new MockHttpSession();
        assertThat(rowIds(html(as(manager, get(PAGE)).session(session), 200))).containsExactlyInAnyOrder(githubA,
                slackA, slackC);

        assertThat(location(as(manager, post("/admin/tenant-context").param("tenant_id", tenantC.toString())
                .with(csrf())).session(session))).isEqualTo(PAGE);
        String inContext = html(as(manager, get(PAGE)).session(session), 200);
        assertThat(rowIds(inContext)).containsExactly(slackC);
        assertThat(inContext).contains("Showing your current tenant");

        String linked = html(as(manager, get(PAGE).param("tenant_id", tenantA.toString())).session(session), 200);
        assertThat(rowIds(linked)).containsExactly(githubA, slackA);
        assertThat(linked).contains("from the link");
        assertThat(rowIds(html(as(manager, get(PAGE)).session(session), 200))).as("the link left the context")
                .containsExactly(slackC);

        html(as(manager, post("/admin/tenant-context").param("tenant_id", tenantB.toString()).with(csrf()))
                .session(session), 404);
        location(as(manager, post("/admin/tenant-context").param("tenant_id", "").with(csrf())).session(session));
        assertThat(rowIds(html(as(manager, get(PAGE)).session(session), 200))).hasSize(3);
    }

    @Test
    void filtersByProviderAndStatusAndWalksKeysetPages() throws Exception {
        UUID revokedA = Fixtures.connection(jdbc, cipher, tenantA, "github", "revoked", Fixtures.yesterday()
                .minusSeconds(5), null);

        assertThat(rowIds(html(as(manager, get(PAGE).param("provider", "github")), 200)))
                .containsExactly(githubA, revokedA);
        assertThat(rowIds(html(as(manager, get(PAGE).param("status", "revoked")), 200))).containsExactly(revokedA);
        assertThat(rowIds(html(as(manager, get(PAGE).param("provider", "slack").param("status", "active")), 200)))
                .containsExactly(slackA);
        html(as(manager, get(PAGE).param("provider", "gitlab")), 400);
        html(as(manager, get(PAGE).param("status", "deleted")), 400);

        List<UUID> walked = new ArrayList<>();
        String next = PAGE + "?limit=1";
        int pages = 0;
        while (next != null && pages++ < 10) {
            String page = html(as(manager, get(java.net.URI.create(next))), 200);
            walked.addAll(rowIds(page));
            Matcher link = Pattern.compile("href=\"([^\"]+)\" class=\"button\" id=\"next-page\"").matcher(page);
            next = link.find() ? link.group(1).replace("&amp;", "&") : null;
        }
        assertThat(walked).containsExactly(githubA, slackA, revokedA);

        // a cursor is bound to its operator and filters
        String first = html(as(manager, get(PAGE).param("limit", "1")), 200);
        Matcher cursor = Pattern.compile("cursor=([A-Za-z0-9_-]+)").matcher(first);
        assertThat(cursor.find()).isTrue();
        html(as(viewer, get(PAGE).param("limit", "1").param("cursor", cursor.group(1))), 400);
        html(as(manager, get(PAGE).param("limit", "1").param("provider", "slack").param("cursor", cursor.group(1))),
                400);
    }

    @Test
    void showsTheSyncEnginesHealthColumns() throws Exception {
        ConsoleFixtures.health(jdbc, githubA, Instant.parse("2026-01-02T03:04:05Z"), null);
        ConsoleFixtures.health(jdbc, slackA, null, "invalid_grant");
        Fixtures.job(jdbc, tenantA, githubA, "github", "incremental", "queued", Instant.parse("2026-01-03T00:00:00Z"));

        String page = html(as(manager, get(PAGE)), 200);

        // next sync: the queued job's time, what GET /connections says too (NextSync)
        assertThat(page).contains(">2026-01-02 03:04<").contains("datetime=\"2026-01-02T03:04:05Z\"")
                .contains("invalid_grant: provider said no");
        assertThat(row(page, githubA)).contains("<td class=\"next-sync\"><span>2026-01-03 00:00</span>");
    }

    @Test
    void aRunningSyncShowsAsRunningAndARevokedConnectionAsNotScheduled() throws Exception {
        Fixtures.job(jdbc, tenantA, slackA, "slack", "incremental", "running", Instant.parse("2026-01-03T00:00:00Z"));
        // a running replay is not a sync
        Fixtures.job(jdbc, tenantA, githubA, "github", "replay", "running", Instant.parse("2026-01-03T00:00:00Z"));
        UUID revokedA = Fixtures.connection(jdbc, cipher, tenantA, "github", "revoked", Fixtures.yesterday()
                .minusSeconds(5), null);

        String page = html(as(manager, get(PAGE)), 200);

        assertThat(row(page, slackA)).contains("<td class=\"next-sync\"><span>running now</span>");
        assertThat(row(page, githubA)).doesNotContain("running now");
        assertThat(row(page, revokedA)).contains("<td class=\"next-sync\"><span class=\"muted\">not scheduled</span>");
    }

    /** The list's row of connection {@code id}. */
    @Test
    void aManagerCannotSyncAConnectionOfAProviderThatIsNotPolled() throws Exception {
        String page = html(as(manager, get(PAGE)), 200);

        assertThat(row(page, slackA)).contains("slack is not polled: its events arrive by webhook")
                .containsPattern("class=\"sync-now\"[^>]*disabled");
        assertThat(row(page, githubA)).doesNotContainPattern("class=\"sync-now\"[^>]*disabled");
        html(as(manager, post(PAGE + "/" + slackA + "/sync").with(csrf())), 409);
        assertThat(count("SELECT count(*) FROM sync_jobs WHERE connection_id = ?", slackA)).isZero();
    }

    private static String row(String page, UUID id) {
        Matcher row = Pattern.compile("<tr data-connection-id=\"" + id + "\">.*?</tr>", Pattern.DOTALL).matcher(page);
        assertThat(row.find()).as("a row of %s in %s", id, page).isTrue();
        return row.group();
    }

    @Test
    void revokingAsManagerRevokesAuditsAndShowsTheAuditEntry() throws Exception {
        FakeProviders.respond(FakeProviders.GITHUB_REVOKE, FakeProviders.json(204, ""));

        assertThat(location(as(manager, post(PAGE + "/" + githubA + "/revoke").with(csrf())))).isEqualTo(PAGE);

        assertThat(status(githubA)).isEqualTo("revoked");
        assertThat(FakeProviders.received(FakeProviders.GITHUB_REVOKE)).hasSize(1);
        assertThat(jdbc.sql("SELECT actor FROM audit_log WHERE tenant_id = ? AND action = 'connection.revoked'"
                + " AND target_id = ?").params(tenantA, githubA.toString()).query(String.class).single())
                .isEqualTo("operator:" + manager);
        String audit = html(as(viewer, get(PAGE + "/" + githubA + "/audit")), 200);
        assertThat(audit).contains("operator:" + manager).contains("connection.revoked");
    }

    @Test
    void syncNowQueuesAJobAndLinksItsRun() throws Exception {
        String runPath = location(as(manager, post(PAGE + "/" + githubA + "/sync").with(csrf())));

        UUID job = jdbc.sql("SELECT id FROM sync_jobs WHERE tenant_id = ? AND connection_id = ? AND status = 'queued'")
                .params(tenantA, githubA).query(UUID.class).single();
        UUID run = UUID.fromString(runPath.substring("/admin/runs/".length()));
        assertThat(jdbc.sql("SELECT kind || ' ' || status || ' ' || (progress ->> 'job_id') FROM operation_runs"
                + " WHERE id = ?").params(run).query(String.class).single())
                .isEqualTo("connection_sync queued " + job);
        String page = html(as(manager, get(runPath)), 200);
        assertThat(page).contains(job.toString()).contains("id=\"job-status\"")
                .contains("id=\"run-status\" class=\"status status-queued\">queued<");
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'connection.sync_requested'")
                .params(tenantA).query(Long.class).single()).isEqualTo(1);

        // a second click finds the same job instead of queuing another
        location(as(manager, post(PAGE + "/" + githubA + "/sync").with(csrf())));
        assertThat(count("SELECT count(*) FROM sync_jobs WHERE connection_id = ?", githubA)).isEqualTo(1);

        // the engine ran it
        jdbc.sql("UPDATE sync_jobs SET status = 'succeeded', started_at = now() - interval '2 seconds', finished_at = now(),"
                + " items = 7 WHERE id = ?").params(job).update();
        assertThat(html(as(manager, get(runPath)), 200)).as("the run follows its job")
                .contains("id=\"run-status\" class=\"status status-succeeded\">succeeded<").contains(">7<");
    }

    @Test
    void aHealthCheckRunsAtOnceAndItsRunPageShowsTheChecks() throws Exception {
        String healthy = html(as(viewer, get(location(as(viewer, post(PAGE + "/" + githubA + "/health-check")
                .with(csrf()))))), 200);
        assertThat(healthy).contains("connection_health_check").contains(">succeeded<")
                .contains("connection_active", "access_token_readable", "token_not_expired", "no_connection_error",
                        "last_sync_not_failed")
                .doesNotContain("id=\"run-error\"");

        ConsoleFixtures.health(jdbc, slackA, null, "invalid_grant");
        String failing = html(as(viewer, get(location(as(viewer, post(PAGE + "/" + slackA + "/health-check")
                .with(csrf()))))), 200);
        assertThat(failing).contains(">failed<").contains("id=\"run-error\"").contains("no_connection_error");
    }

    @Test
    void theLegacyTenantAddressRedirectsPermanently() throws Exception {
        MockHttpServletResponse moved = mvc.perform(get("/admin/tenants/" + tenantA + "/provider-connections")
                .param("provider", "github")).andReturn().getResponse();

        assertThat(moved.getStatus()).isEqualTo(301);
        assertThat(moved.getHeader("Location")).isEqualTo(PAGE + "?tenant_id=" + tenantA + "&provider=github");
        assertThat(mvc.perform(get("/admin/tenants/nope/provider-connections")).andReturn().getResponse()
                .getStatus()).isEqualTo(404);
    }

    @Test
    void pagesAreKeptOutOfSearchEnginesAndFrames() throws Exception {
        MockHttpServletResponse page = mvc.perform(as(manager, get(PAGE))).andReturn().getResponse();

        assertThat(page.getHeader("X-Robots-Tag")).isEqualTo("noindex, nofollow");
        assertThat(page.getHeader("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.getHeader("Content-Security-Policy")).contains("default-src 'none'")
                .doesNotContain("script-src");
        assertThat(page.getContentAsString()).contains("<meta name=\"robots\" content=\"noindex, nofollow\">")
                .as("no scripts").doesNotContain("<script");
    }

    private String html(MockHttpServletRequestBuilder request, int expected) throws Exception {
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(expected);
        assertThat(response.getContentType()).startsWith("text/html");
        return response.getContentAsString();
    }

    private String location(MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse response = mvc.perform(request).andReturn().getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(302);
        return response.getHeader("Location");
    }

    /** The connection ids of the list's rows, in order. */
    static List<UUID> rowIds(String page) {
        List<UUID> ids = new ArrayList<>();
        Matcher m = Pattern.compile("data-connection-id=\"([0-9a-f-]{36})\"").matcher(page);
        while (m.find()) {
            ids.add(UUID.fromString(m.group(1)));
        }
        return ids;
    }

    /** The opening tags of the buttons of class {@code name}. */
    private static List<String> buttons(String page, String name) {
        List<String> tags = new ArrayList<>();
        Matcher m = Pattern.compile("<button[^>]*class=\"[^\"]*\\b" + name + "\\b[^\"]*\"[^>]*>").matcher(page);
        while (m.find()) {
            tags.add(m.group());
        }
        return tags;
    }

    private static String withoutTraceId(String page) {
        return page.replaceAll("<code>[0-9a-f]{32}</code>", "");
    }

    private String status(UUID connection) {
        return jdbc.sql("SELECT status FROM connections WHERE id = ?").params(connection).query(String.class).single();
    }

    private long count(String sql, Object argument) {
        return jdbc.sql(sql).params(argument).query(Long.class).single();
    }
}
