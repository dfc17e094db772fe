package com.poblysh.connectors.local;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Apicurio Registry, a Confluent-compatible schema registry nobody here wrote, run as its own process from the
 * archive Maven unpacked ({@code poblysh.apicurio.home}, set by the pom) with a Java 21 or newer found on this
 * machine: in-memory storage, a free port on 127.0.0.1, BACKWARD as the global compatibility as in Confluent.
 * Stopped by {@link #close()}, or at JVM exit at the latest.
 */
final class ApicurioRegistry implements AutoCloseable {

    /** The unpacked {@code apicurio-registry-app} archive (the folder holding {@code quarkus-run.jar}). */
    static final String HOME_PROPERTY = "poblysh.apicurio.home";
    /** A JDK home or {@code java} executable of version 21 or newer to run it with; also env {@link #JAVA_ENV}. */
    static final String JAVA_PROPERTY = "poblysh.apicurio.java";
    static final String JAVA_ENV = "POBLYSH_APICURIO_JAVA";
    static final int MINIMUM_JAVA = 21;

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern RELEASE_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Thread shutdownHook;
    private final String baseUrl;
    private final Path log;

    private ApicurioRegistry(Process process, Thread shutdownHook, String baseUrl, Path log) {
        this.process = process;
        this.shutdownHook = shutdownHook;
        this.baseUrl = baseUrl;
        this.log = log;
    }

    /** A {@code java} executable of a Java {@value #MINIMUM_JAVA}+ found or configured, with its feature version. */
    record Java(Path executable, int version) {
    }

    /**
     * The Java to run Apicurio with: the one {@link #JAVA_PROPERTY} or {@link #JAVA_ENV} names (which must be
     * {@value #MINIMUM_JAVA}+), else this JVM when it is new enough, else the newest JDK installed beside it (e.g.
     * under {@code /usr/lib/jvm}); empty when there is none.
     */
    static Optional<Java> findJava() {
        Path currentHome = Path.of(System.getProperty("java.home"));
        return findJava(System.getProperty(JAVA_PROPERTY, System.getenv(JAVA_ENV)), currentHome,
                Runtime.version().feature(), List.of(currentHome.getParent(), Path.of("/usr/lib/jvm")));
    }

    /** {@link #findJava()} given what it reads: the configured path, this JVM, and where JDKs are installed. */
    static Optional<Java> findJava(String configured, Path currentHome, int currentVersion, List<Path> jdkDirs) {
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            Path home = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent().getParent();
            Java java = jdkAt(home).orElseThrow(() -> new IllegalStateException(configured + " (" + JAVA_PROPERTY
                    + " / " + JAVA_ENV + ") is not a JDK: no bin/java and release file with JAVA_VERSION"));
            if (java.version() < MINIMUM_JAVA) {
                throw new IllegalStateException(configured + " is Java " + java.version() + "; Apicurio Registry needs "
                        + MINIMUM_JAVA + " or newer");
            }
            return Optional.of(java);
        }
        if (currentVersion >= MINIMUM_JAVA) {
            return Optional.of(new Java(currentHome.resolve("bin/java"), currentVersion));
        }
        return jdkDirs.stream()
                .filter(Files::isDirectory)
                .flatMap(ApicurioRegistry::children)
                .map(ApicurioRegistry::jdkAt)
                .flatMap(Optional::stream)
                .filter(java -> java.version() >= MINIMUM_JAVA)
                .max(Comparator.comparingInt(Java::version));
    }

    private static Stream<Path> children(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static Optional<Java> jdkAt(Path home) {
        Path java = home.resolve("bin/java");
        Path release = home.resolve("release");
        if (!Files.isExecutable(java) || !Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            Matcher m = RELEASE_VERSION.matcher(Files.readString(release));
            return m.find() ? Optional.of(new Java(java, Integer.parseInt(m.group(1)))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The unpacked archive, as the pom names it for the tests. */
    static Path home() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || !Files.isRegularFile(Path.of(home, "quarkus-run.jar"))) {
            throw new IllegalStateException("No unpacked Apicurio Registry at " + HOME_PROPERTY + "=" + home
                    + "; run the test through Maven (./mvnw -pl local-stack -am verify -Dtest=ApicurioConformanceTests"
                    + " -Dsurefire.failIfNoSpecifiedTests=false), whose process-test-resources phase unpacks it");
        }
        return Path.of(home);
    }

    /** Starts Apicurio from {@code home} with {@code java}; returns once its Confluent-compatible API answers. */
    static ApicurioRegistry start(Path home, Java java, Path workDir) {
        Process process;
        Path log = workDir.resolve("apicurio.log");
        try {
            Files.createDirectories(workDir);
            process = new ProcessBuilder(List.of(java.executable().toString(),
                    // Started for a few hundred requests: a quick start matters more than peak speed.
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m",
                    "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0",
                    "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=0",
                    "-Dquarkus.http.access-log.enabled=false",
                    "-Dquarkus.otel.sdk.disabled=true",
                    // Apicurio has no global rule by default (anything is accepted); Confluent's default is BACKWARD.
                    "-Dapicurio.rules.global.compatibility=BACKWARD",
                    "-jar", home.resolve("quarkus-run.jar").toString()))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Apicurio Registry with " + java.executable(), e);
        }
        Thread hook = new Thread(() -> stop(process), "stop-apicurio-registry");
        Runtime.getRuntime().addShutdownHook(hook);
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Deque<String> tail = new ArrayDeque<>();
        Thread pump = new Thread(() -> pump(process, log, port, tail), "apicurio-registry-log");
        pump.setDaemon(true);
        pump.start();
        ApicurioRegistry registry = null;
        try {
            int listening = port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            registry = new ApicurioRegistry(process, hook, "http://127.0.0.1:" + listening, log);
            ApicurioRegistry started = registry;
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> started.answers("/apis/ccompat/v7/subjects"));
            return registry;
        } catch (ExecutionException | TimeoutException e) {
            stopQuietly(registry, process, hook);
            throw new IllegalStateException("Apicurio Registry did not start within " + START_TIMEOUT.toSeconds()
                    + " s with " + java.executable() + "; last lines of " + log + ":\n" + String.join("\n", tail), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopQuietly(registry, process, hook);
            throw new IllegalStateException("Interrupted while starting Apicurio Registry", e);
        } catch (RuntimeException e) {
            stopQuietly(registry, process, hook);
            throw e;
        }
    }

    /** Copies the process output to the log, completes {@code port} with the port Quarkus reports listening on. */
    private static void pump(Process process, Path log, CompletableFuture<Integer> port, Deque<String> tail) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 40) {
                        tail.removeFirst();
                    }
                }
                Matcher m = LISTENING.matcher(line);
                if (!port.isDone() && m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("Apicurio Registry exited with code "
                + process.onExit().join().exitValue() + " before listening"));
    }

    private boolean answers(String path) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Base URL of the Confluent-compatible API, e.g. {@code http://127.0.0.1:41234/apis/ccompat/v7}. */
    String ccompatUrl() {
        return baseUrl + "/apis/ccompat/v7";
    }

    /** Where the process output goes. */
    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already exiting, and the hook is stopping it
        }
    }

    private static void stopQuietly(ApicurioRegistry registry, Process process, Thread hook) {
        if (registry != null) {
            registry.close();
            return;
        }
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already exiting
        }
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
