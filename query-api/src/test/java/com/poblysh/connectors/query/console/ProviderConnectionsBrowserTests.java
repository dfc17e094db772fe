package com.poblysh.connectors.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.poblysh.connectors.common.crypto.SecretBinding;
import com.poblysh.connectors.common.crypto.SecretCipher;
import com.poblysh.connectors.testsupport.TestDatabaseInitializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console end to end in a real browser: Debian's headless Chromium driven by Selenium through
 * {@code /usr/bin/chromedriver}, against query-api on a real port and PostgreSQL. A manager signs in, switches
 * tenant, filters, revokes and reads the audit entry, runs a health check and opens its run page; a viewer sees
 * the manager's actions disabled with their reason. Saves {@code target/console-provider-connections.png}.
 * Skipped, saying so, where chromedriver is absent; {@code .ci/run} installs it and fails when this was skipped.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=poblysh-common,query-api",
        "poblysh.auth.operator-tokens=browser-test-token"})
@ActiveProfiles("test")
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderConnectionsBrowserTests {

    static final String MANAGER = "browser-manager";
    static final String VIEWER = "browser-viewer";
    private static final String MANAGER_PASSWORD = "console-test-password";
    private static final String VIEWER_PASSWORD = "console-viewer-password";
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Written only when a browser test really ran; {@code .ci/run} fails without it. */
    static final Path RAN_MARKER = Path.of("target", "browser-tests.ran");
    static final Path SCREENSHOT = Path.of("target", "console-provider-connections.png");

    private static final UUID TENANT_ONE = UUID.randomUUID();
    private static final UUID TENANT_TWO = UUID.randomUUID();

    /** The two accounts; one property source holds the whole list (Boot binds an indexed list from one source). */
    @DynamicPropertySource
    static void operators(DynamicPropertyRegistry registry) {
        registry.add("poblysh.console.operators[0].username", () -> MANAGER);
        registry.add("poblysh.console.operators[0].password-hash",
                () -> "$2a$04$ogWMPH7MB7fvxvDo758gE.Ac8WHXPIswefTWa2czjeyq0GTjrchAi");
        registry.add("poblysh.console.operators[0].role", () -> "manager");
        registry.add("poblysh.console.operators[0].tenants", () -> TENANT_ONE + "," + TENANT_TWO);
        registry.add("poblysh.console.operators[1].username", () -> VIEWER);
        registry.add("poblysh.console.operators[1].password-hash",
                () -> "$2a$04$0UfO6v0wqG5vk7nbHI4y4Oiyt1oJppgEywC8uEHItapAXvMUri8UG");
        registry.add("poblysh.console.operators[1].role", () -> "viewer");
        registry.add("poblysh.console.operators[1].tenants", () -> TENANT_ONE.toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SecretCipher cipher;

    @Autowired
    OperatorGrants grants;

    WebDriver browser;
    ChromeDriverService driverService;
    Path profile;
    UUID github;
    UUID slack;
    UUID jira;
    UUID graph;

    @BeforeAll
    void startBrowser() throws IOException {
        Files.deleteIfExists(RAN_MARKER);
        Assumptions.assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "Browser test SKIPPED: " + CHROMEDRIVER + " or " + CHROMIUM + " is missing. Install them with "
                        + "`apt-get install -y chromium chromium-driver` (.ci/run does, and fails if this is skipped).");
        profile = Files.createTempDirectory("console-chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1366,900", "--lang=en-US");
        driverService = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(driverService, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    }

    @AfterAll
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (driverService != null) {
            driverService.stop();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @BeforeEach
    void configuredGrants() {
        grants.synchronize(); // another context may have replaced the table with its own configuration
    }

    /** Two tenants' connections, once for both tests (neither changes what the other asserts on). */
    @BeforeAll
    void seed() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        github = connection(TENANT_ONE, "github", "octo-org", "active", now.minus(3, ChronoUnit.DAYS), false);
        slack = connection(TENANT_ONE, "slack", "Acme workspace", "active", now.minus(2, ChronoUnit.DAYS), true);
        jira = connection(TENANT_TWO, "jira", "acme.atlassian.net", "active", now.minus(1, ChronoUnit.DAYS), true);
        graph = connection(TENANT_TWO, "microsoft_graph", "ops@acme.example", "revoked", now.minus(4, ChronoUnit.DAYS),
                false);
        jdbc.sql("UPDATE connections SET last_synced_at = :at WHERE id IN (:ids)")
                .param("at", now.minus(20, ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC)).param("ids", List.of(github, jira))
                .update();
        jdbc.sql("""
                UPDATE connections SET last_error = jsonb_build_object('code', 'rate_limited',
                       'message', 'Slack asked to retry in 30 s', 'at', CAST(:at AS text)) WHERE id = :id""")
                .param("at", now.minus(5, ChronoUnit.MINUTES).toString()).param("id", slack).update();
        jdbc.sql("""
                INSERT INTO sync_jobs (id, tenant_id, provider, connection_id, job_type, status, scheduled_at)
                VALUES (:id, :tenant, 'jira', :connection, 'incremental', 'queued', :at)""")
                .param("id", UUID.randomUUID()).param("tenant", TENANT_TWO).param("connection", jira)
                .param("at", now.plus(10, ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC)).update();
    }

    @Test
    void aManagerSwitchesTenantFiltersRevokesAndRunsAHealthCheck() throws IOException {
        signIn(MANAGER, MANAGER_PASSWORD);
        assertThat(rows()).containsSubsequence(jira, slack, github, graph);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Provider connections");
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT,
                StandardCopyOption.REPLACE_EXISTING);
        accessible();

        new Select(browser.findElement(By.id("tenant-switcher"))).selectByValue(TENANT_TWO.toString());
        navigate(browser.findElement(By.id("switch-tenant")));
        assertThat(rows()).containsExactly(jira, graph);
        assertThat(browser.findElement(By.id("main")).getText()).contains("Showing your current tenant");

        new Select(browser.findElement(By.id("tenant-switcher"))).selectByValue("");
        navigate(browser.findElement(By.id("switch-tenant")));
        new Select(browser.findElement(By.id("provider-filter"))).selectByValue("github");
        navigate(browser.findElement(By.id("apply-filters")));
        assertThat(rows()).containsExactly(github);

        navigate(row(github).findElement(By.cssSelector("button.revoke")));
        assertThat(browser.findElement(By.id("flash")).getText()).contains("was revoked");
        assertThat(row(github).getText()).contains("revoked");
        navigate(browser.findElement(By.linkText("See the audit entry")));
        WebElement audit = browser.findElement(By.id("audit"));
        assertThat(audit.findElement(By.cssSelector("tbody tr")).getText()).contains("operator:" + MANAGER)
                .contains("connection.revoked");

        browser.get(url("/admin/provider-connections?tenant_id=" + TENANT_TWO));
        navigate(row(jira).findElement(By.cssSelector("button.health-check")));
        assertThat(browser.getCurrentUrl()).contains("/admin/runs/");
        assertThat(browser.findElement(By.id("run-status")).getText()).isEqualTo("succeeded");
        assertThat(browser.findElement(By.id("run")).getText()).contains("connection_health_check")
                .contains("Duration").contains(jira.toString());
        assertThat(browser.findElements(By.cssSelector("#checks tbody tr"))).hasSize(5);
        ran("manager");
    }

    @Test
    void aViewerSeesTheManagersActionsDisabledWithTheirReason() throws IOException {
        signIn(VIEWER, VIEWER_PASSWORD);
        assertThat(rows()).contains(github, slack).doesNotContain(jira, graph);

        WebElement revoke = row(slack).findElement(By.cssSelector("button.revoke"));
        assertThat(revoke.isEnabled()).isFalse();
        assertThat(revoke.getDomAttribute("title")).isEqualTo(ConsoleViews.MANAGER_ONLY);
        assertThat(row(slack).findElement(By.cssSelector("button.sync-now")).isEnabled()).isFalse();
        assertThat(row(slack).findElement(By.cssSelector("button.health-check")).isEnabled()).isTrue();

        browser.get(url("/admin/provider-connections?tenant_id=" + TENANT_TWO));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("404 Not Found");
        assertThat(browser.getPageSource()).doesNotContain(jira.toString());
        ran("viewer");
    }

    private void signIn(String username, String password) {
        browser.manage().deleteAllCookies();
        browser.get(url("/admin/provider-connections"));
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        navigate(browser.findElement(By.cssSelector("button[type=submit].primary")));
        assertThat(browser.getCurrentUrl()).contains("/admin/provider-connections");
        org.openqa.selenium.Cookie session = browser.manage().getCookieNamed("JSESSIONID");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Lax");
    }

    /** Clicks what leads to another page and waits until that page replaced this one. */
    private void navigate(WebElement element) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.consoleTestOldPage = true");
        element.click();
        new WebDriverWait(browser, Duration.ofSeconds(10), Duration.ofMillis(50)).ignoring(WebDriverException.class)
                .until(d -> Boolean.TRUE.equals(js.executeScript(
                        "return window.consoleTestOldPage === undefined && document.readyState === 'complete'")));
    }

    /** Labels for every control, headers for every column, and the keyboard reaches the skip link first. */
    private void accessible() {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        Object unlabeled = js.executeScript("return Array.from(document.querySelectorAll("
                + "'select, input:not([type=hidden])')).filter(e => e.labels.length === 0).length");
        assertThat(unlabeled).isEqualTo(0L);
        assertThat(browser.findElements(By.cssSelector("#connections thead th[scope=col]"))).hasSize(8);
        assertThat(js.executeScript("return document.documentElement.scrollWidth <= window.innerWidth"))
                .as("readable without horizontal scrolling at 1366 px").isEqualTo(true);
        browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Skip to content");
    }

    private List<UUID> rows() {
        return browser.findElements(By.cssSelector("#connections tbody tr")).stream()
                .map(tr -> UUID.fromString(tr.getDomAttribute("data-connection-id"))).toList();
    }

    private WebElement row(UUID connection) {
        return browser.findElement(By.cssSelector("tr[data-connection-id='" + connection + "']"));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private UUID connection(UUID tenant, String provider, String name, String status, Instant created,
            boolean token) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO connections (id, tenant_id, provider, external_id, display_name, status,
                                         access_token_ciphertext, scopes, metadata, created_at, updated_at)
                VALUES (:id, :tenant, :provider, :external, :name, :status, :token, '{}', '{}', :created, :created)""")
                .param("id", id).param("tenant", tenant).param("provider", provider).param("external", "ext-" + id)
                .param("name", name).param("status", status)
                .param("token", token ? cipher.encrypt("token-" + id, SecretBinding.accessToken(id)) : null)
                .param("created", created.atOffset(ZoneOffset.UTC)).update();
        return id;
    }

    private static void ran(String test) throws IOException {
        Files.createDirectories(RAN_MARKER.getParent());
        Files.writeString(RAN_MARKER, test + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
