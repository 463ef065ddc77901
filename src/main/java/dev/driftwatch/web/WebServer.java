package dev.driftwatch.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web view's HTTP side (Javalin on Jetty): GET routes only, each page built by {@link AuditPages} on a
 * small bounded pool with a deadline, rendered by the precompiled jte templates (every value escaped for
 * its HTML context), served with a Content-Security-Policy that allows no inline script or style.
 */
public final class WebServer implements AutoCloseable {
    /** By default, a page that takes longer is answered 503 and its work interrupted. */
    public static final Duration PAGE_TIMEOUT = Duration.ofSeconds(30);

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final int WORKERS = 4;
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    private final AuditPages pages;
    private final Duration pageTimeout;
    private volatile Set<String> allowedHosts = Set.of();
    private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
    private final ThreadPoolExecutor work;
    private final Javalin app;

    private WebServer(AuditPages pages, Duration pageTimeout) {
        this.pages = pages;
        this.pageTimeout = pageTimeout;
        AtomicInteger threads = new AtomicInteger();
        this.work = new ThreadPoolExecutor(
                WORKERS, WORKERS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), runnable -> {
                    Thread thread = new Thread(runnable, "driftwatch-ui-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.http.maxRequestSize = 8 * 1024;
            config.http.prefer405over404 = true;
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/dev/driftwatch/web/static";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "max-age=300");
            });
        });
        app.before(this::secure);
        app.get("/", ctx -> {
            WebQuery query = query(ctx);
            page(ctx, () -> render("overview.jte", pages.overview(query)));
        });
        app.get("/findings", ctx -> {
            WebQuery query = query(ctx);
            page(ctx, () -> render("findings.jte", pages.findings(query)));
        });
        app.get("/findings.csv", ctx -> export(ctx, true));
        app.get("/findings.json", ctx -> export(ctx, false));
        app.get("/item", ctx -> {
            WebQuery query = query(ctx);
            page(ctx, () -> render("item.jte", pages.item(query)));
        });
        app.get("/finding", this::finding);
        app.exception(BadRequest.class, (e, ctx) -> {
            if (ctx.path().endsWith(".csv") || ctx.path().endsWith(".json")) {
                ctx.status(400).contentType("text/plain; charset=utf-8").result(e.getMessage() + "\n");
            } else {
                html(ctx, 400, render("error.jte", pages.error(400, e.getMessage())));
            }
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.warn(
                    "event=ui_request_failed path={} error={} message=\"{}\"",
                    ctx.path(),
                    e.getClass().getSimpleName(),
                    String.valueOf(e.getMessage()).replace('"', '\''));
            ctx.status(500)
                    .contentType("text/plain; charset=utf-8")
                    .result("the page failed: " + e.getClass().getSimpleName() + " (see the log)\n");
        });
        app.error(404, ctx -> {
            // The response's content type: ctx.contentType() is the request's (none on a GET), and calling
            // startsWith on it turned every 404 into a 500.
            String served = ctx.res().getContentType();
            if (ctx.result() == null || ctx.result().isEmpty() || served == null || !served.startsWith("text/html")) {
                html(ctx, 404, render("error.jte", pages.error(404, "no such page: " + ctx.path())));
            }
        });
        app.error(
                405,
                ctx -> html(
                        ctx,
                        405,
                        render(
                                "error.jte",
                                pages.error(405, "the web view is read-only: " + ctx.method() + " is not allowed"))));
    }

    /** Starts serving on {@code bind}:{@code port} (0: a free port). */
    public static WebServer start(AuditPages pages, String bind, int port) {
        return start(pages, bind, port, PAGE_TIMEOUT, Set.of());
    }

    /**
     * Starts serving; a page that takes longer than {@code pageTimeout} is answered 503. Requests are answered
     * only when their Host is an IP address, {@code localhost}, or one of {@code allowedHosts} (names, no port).
     */
    public static WebServer start(
            AuditPages pages, String bind, int port, Duration pageTimeout, Set<String> allowedHosts) {
        if (pageTimeout.isNegative() || pageTimeout.isZero()) {
            throw new IllegalArgumentException("the page timeout must be positive, got " + pageTimeout);
        }
        WebServer server = new WebServer(pages, pageTimeout);
        server.allowedHosts = allowedHosts.stream()
                .map(host -> host.toLowerCase(java.util.Locale.ROOT))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        server.app.start(bind, port);
        for (Connector connector : server.app.jettyServer().server().getConnectors()) {
            if (connector instanceof ServerConnector serverConnector) {
                serverConnector.setIdleTimeout(IDLE_TIMEOUT.toMillis());
            }
        }
        return server;
    }

    /** A name as {@code --allowed-host} takes it (lower-cased), or an IllegalArgumentException with one line. */
    public static String allowedHostName(String given) {
        return HostCheck.allowedName(given);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        work.shutdownNow();
        pages.close();
    }

    /**
     * Security headers on every response, and two refusals before any page is built. A request whose Host is a
     * name other than {@code localhost} or an {@code --allowed-host} is a 421 on every bind, so a web page that
     * rebinds its own host name to this server's address cannot read the audit trail (an IP address as Host cannot
     * be rebound). A browser's request made by another origin's page that is not a top-level navigation (an image, a
     * script, a fetch; {@code Sec-Fetch-Site} cross-site or same-site) is a 403. Browsers send {@code Sec-Fetch-Site}
     * only to https and loopback origins: over plain http on another interface the view cannot tell such a request
     * from the operator's own (one more reason for the loopback default and an SSH tunnel).
     */
    private void secure(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        if (!HostCheck.accepted(ctx.header("Host"), allowedHosts)) {
            refuse(ctx, 421, "this view answers only to an IP address, localhost or a name given with --allowed-host");
            return;
        }
        String site = ctx.header("Sec-Fetch-Site");
        if (("cross-site".equals(site) || "same-site".equals(site))
                && !("navigate".equals(ctx.header("Sec-Fetch-Mode"))
                        && "document".equals(ctx.header("Sec-Fetch-Dest")))) {
            refuse(ctx, 403, "this view answers another site's page only when it opens a page of the view");
            return;
        }
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        if (!ctx.path().startsWith("/static/")) {
            ctx.header("Cache-Control", "no-store");
        }
        if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
            ctx.header("Allow", "GET, HEAD");
        }
    }

    private static void refuse(Context ctx, int status, String line) {
        ctx.header("Connection", "close");
        ctx.status(status).contentType("text/plain; charset=utf-8").result(line + "\n");
        ctx.skipRemainingHandlers();
    }

    private WebQuery query(Context ctx) {
        return WebQuery.parse(QueryText.parameters(ctx.queryString()));
    }

    private void finding(Context ctx) {
        Map<String, List<String>> params = QueryText.parameters(ctx.queryString());
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            if (!param.getKey().equals("item") && !param.getKey().equals("id")) {
                throw new BadRequest(
                        "unknown parameter '" + WebQuery.shorten(param.getKey()) + "': expected item and id");
            }
            if (param.getValue().size() > 1) {
                throw new BadRequest(
                        param.getKey() + ": given " + param.getValue().size() + " times; give it once");
            }
        }
        String item = Optional.ofNullable(params.get("item"))
                .map(values -> values.get(0))
                .filter(s -> !s.isEmpty())
                .orElseThrow(() -> new BadRequest("item: which item? give its key as stored"));
        String id = Optional.ofNullable(params.get("id"))
                .map(values -> values.get(0))
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> new BadRequest("id: which finding? give its id"));
        if (item.length() > WebQuery.MAX_VALUE || id.length() > 256) {
            throw new BadRequest("item or id: too long");
        }
        page(
                ctx,
                () -> pages.finding(item, id)
                        .map(page -> render("finding.jte", page))
                        .orElseThrow(() -> new NotFound(
                                "no finding " + WebQuery.shorten(id) + " of item " + WebQuery.shorten(item))));
    }

    /** Builds a page on the bounded pool within the page timeout; a bad parameter is a 400 with its one line. */
    private void page(Context ctx, Callable<String> build) {
        try {
            html(ctx, 200, within(build));
        } catch (NotFound e) {
            html(ctx, 404, render("error.jte", pages.error(404, e.getMessage())));
        } catch (Unavailable e) {
            html(ctx, 503, render("error.jte", pages.error(503, e.getMessage())));
        }
    }

    private void export(Context ctx, boolean csv) {
        WebQuery query = query(ctx);
        try {
            String body = within(() -> {
                StringBuilder text = new StringBuilder();
                pages.export(query, csv, line -> text.append(line).append('\n'));
                return text.toString();
            });
            ctx.status(200)
                    .contentType(csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"findings." + (csv ? "csv" : "json") + "\"")
                    .result(body);
        } catch (Unavailable e) {
            ctx.status(503).contentType("text/plain; charset=utf-8").result(e.getMessage() + "\n");
        }
    }

    private String within(Callable<String> build) {
        Future<String> future;
        try {
            future = work.submit(build);
        } catch (RejectedExecutionException e) {
            throw new Unavailable("the web view is busy: too many pages are being built; try again");
        }
        try {
            return future.get(pageTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            LOG.warn("event=ui_page_timeout timeoutSeconds={}", pageTimeout.toSeconds());
            throw new Unavailable("the audit table did not answer within " + pageTimeout.toSeconds()
                    + " s; narrow the window or the filters");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new Unavailable("interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof BadRequest bad) {
                throw bad;
            }
            if (cause instanceof NotFound notFound) {
                throw notFound;
            }
            LOG.warn(
                    "event=ui_page_failed error={} message=\"{}\"",
                    cause.getClass().getSimpleName(),
                    String.valueOf(cause.getMessage()).replace('"', '\''));
            throw new Unavailable(
                    "the audit table could not be read: " + cause.getClass().getSimpleName() + " (see the log)");
        }
    }

    private String render(String template, Object model) {
        StringOutput output = new StringOutput();
        templates.render(template, model, output);
        return output.toString();
    }

    private static void html(Context ctx, int status, String body) {
        ctx.status(status).contentType("text/html; charset=utf-8").result(body);
    }

    private static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    private static final class Unavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message, null, false, false);
        }
    }
}
