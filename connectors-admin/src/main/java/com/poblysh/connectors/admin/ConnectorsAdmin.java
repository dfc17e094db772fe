package com.poblysh.connectors.admin;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import com.poblysh.connectors.processor.ProcessorApplication;
import com.poblysh.connectors.processor.operations.Operations;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code connectors-admin}: replays {@code connectors.raw-events} into Postgres, rebuilds signals, lists and
 * redrives dead letters and shows consumer lag, with the processor's own normalization and storage. It reads the
 * processor's configuration ({@code POBLYSH_*}, the same database and broker) but never its consumer group, serves
 * no HTTP and runs no queued operator runs of its own.
 */
@Command(name = "connectors-admin", mixinStandardHelpOptions = true, version = "connectors-admin 0.1.0",
        description = "Replay, rebuild, dead-letter redrive and consumer lag of Poblysh Connectors.",
        subcommands = {ReplayCommand.class, RunsCommand.class, DltCommand.class, LagCommand.class,
                CommandLine.HelpCommand.class})
public final class ConnectorsAdmin {

    /** Exit status of a run that was cancelled (Ctrl-C), as a shell reports SIGINT. */
    public static final int CANCELLED = 130;

    private final Supplier<ConfigurableApplicationContext> contexts;
    private ConfigurableApplicationContext context;

    ConnectorsAdmin(Supplier<ConfigurableApplicationContext> contexts) {
        this.contexts = contexts;
    }

    public static void main(String[] args) {
        System.exit(execute(ConnectorsAdmin::processorContext, new PrintWriter(System.out, true),
                new PrintWriter(System.err, true), args));
    }

    /** Runs one command line and answers its exit status; the Spring context starts only for a command that needs it. */
    public static int execute(Supplier<ConfigurableApplicationContext> contexts, PrintWriter out, PrintWriter err,
                       String... args) {
        ConnectorsAdmin admin = new ConnectorsAdmin(contexts);
        try {
            CommandLine line = new CommandLine(admin, new CommandLine.IFactory() {
                @Override
                public <K> K create(Class<K> type) throws Exception {
                    try {
                        return type.getDeclaredConstructor(ConnectorsAdmin.class).newInstance(admin);
                    } catch (NoSuchMethodException e) {
                        return CommandLine.defaultFactory().create(type);
                    }
                }
            });
            line.setOut(out).setErr(err);
            line.setExecutionExceptionHandler((e, cmd, parsed) -> {
                cmd.getErr().println("error: " + e.getMessage());
                return 1;
            });
            return line.execute(args);
        } finally {
            admin.close();
        }
    }

    /** The processor's operations, starting its context (without listener, web server or run worker) on first use. */
    synchronized Operations operations() {
        if (context == null) {
            context = contexts.get();
        }
        return context.getBean(Operations.class);
    }

    private synchronized void close() {
        if (context != null) {
            context.close();
        }
    }

    /**
     * What this tool changes in the processor's configuration, above every configuration file and variable: never
     * consume with the live group (the live listener stays stopped), never run queued operator runs, never create
     * or change a topic (they belong to the services that write them), and log only warnings.
     */
    static final Map<String, Object> TOOL_SETTINGS = Map.of(
            "spring.kafka.listener.auto-startup", "false",
            "poblysh.operations.worker", "false",
            "spring.kafka.admin.auto-create", "false",
            "logging.level.root", "WARN",
            "logging.level.org.apache.kafka", "ERROR");

    /** The processor's application as this tool runs it. */
    public static SpringApplicationBuilder processorApplication() {
        return processorApplication(Map.of());
    }

    /** The processor's application as this tool runs it, with {@code overrides} (a database, a broker) on top. */
    public static SpringApplicationBuilder processorApplication(Map<String, Object> overrides) {
        Map<String, Object> settings = new LinkedHashMap<>(TOOL_SETTINGS);
        settings.putAll(overrides);
        return ProcessorApplication.application()
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .bannerMode(Banner.Mode.OFF)
                .initializers(context -> context.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("connectors-admin", settings)));
    }

    private static ConfigurableApplicationContext processorContext() {
        return processorApplication().run();
    }
}
