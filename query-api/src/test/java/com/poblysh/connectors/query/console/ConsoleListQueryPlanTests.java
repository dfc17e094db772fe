package com.poblysh.connectors.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.poblysh.connectors.common.provider.Provider;
import com.poblysh.connectors.common.tenancy.TenantId;
import com.poblysh.connectors.query.QueryApiIntegrationTest;
import com.poblysh.connectors.query.RealSchemaTests;
import com.poblysh.connectors.query.pagination.Pager;
import com.poblysh.connectors.query.web.FieldErrors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The seed's "zero-leak, JOIN-based" decision, checked on PostgreSQL's plan of the very query the console runs:
 * the list reads {@code operator_tenant_grants} filtered by the operator and joins {@code connections} on the
 * grant's tenant, and no id list is bound into it.
 */
@QueryApiIntegrationTest
class ConsoleListQueryPlanTests extends RealSchemaTests {

    @Autowired
    ConsoleConnections connections;

    @Autowired
    Pager pager;

    @Test
    void theListJoinsTheOperatorsGrants() {
        for (ConsoleFilter filter : List.of(new ConsoleFilter(null, null, null),
                new ConsoleFilter(TenantId.of(UUID.randomUUID()), Provider.GITHUB, "active"))) {
            ConsoleConnections.Query query = connections.listQuery("plan-operator", filter,
                    pager.request(ConsoleFilter.cursorOwner("plan-operator"), filter.scope("plan-operator"), null,
                            null, FieldErrors.none()));

            // the one array bound is NextSync's list of polled provider names, no ids of any kind
            assertThat(query.params()).as("no collection of ids is bound")
                    .allSatisfy((name, v) -> {
                        if (v instanceof java.util.Collection || v instanceof Object[]) {
                            assertThat(name).isEqualTo("nextSyncPolled");
                            assertThat((Object[]) v).allSatisfy(p -> assertThat(p).isInstanceOf(String.class));
                        }
                    });
            JsonNode plan = json.readTree(jdbc.sql("EXPLAIN (FORMAT JSON) " + query.sql()).params(query.params())
                    .query(String.class).single()).get(0).get("Plan");
            List<JsonNode> nodes = new ArrayList<>();
            collect(plan, nodes);

            JsonNode join = nodes.stream().filter(n -> n.path("Node Type").asString().matches("Nested Loop|Hash Join|Merge Join"))
                    .filter(n -> relations(n).containsAll(List.of("operator_tenant_grants", "connections")))
                    .findFirst().orElse(null);
            assertThat(join).as("a join of the grants and connections in %s", plan).isNotNull();
            JsonNode grants = nodes.stream().filter(n -> "operator_tenant_grants".equals(n.path("Relation Name").asString()))
                    .findFirst().orElseThrow();
            List<JsonNode> grantScan = new ArrayList<>();
            collect(grants, grantScan);
            assertThat(grantScan.stream().map(n -> n.path("Index Cond").asString() + n.path("Recheck Cond").asString()
                    + n.path("Filter").asString()).toList())
                    .as("the grants are read for the operator in %s", plan)
                    .anyMatch(condition -> condition.contains("operator = 'plan-operator'"));
            assertThat(plan.toString()).as("tenants come from the join, not from a list")
                    .doesNotContainPattern("tenant_id = ANY|tenant_id IN");
        }
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        into.add(node);
        node.path("Plans").forEach(child -> collect(child, into));
    }

    private static List<String> relations(JsonNode node) {
        List<JsonNode> below = new ArrayList<>();
        collect(node, below);
        return below.stream().map(n -> n.path("Relation Name").asString()).filter(s -> !s.isEmpty()).toList();
    }
}
