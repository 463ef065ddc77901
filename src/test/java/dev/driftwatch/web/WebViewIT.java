package dev.driftwatch.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.driftwatch.app.Assembly;
import dev.driftwatch.audit.AuditImages;
import dev.driftwatch.audit.AuditQueries;
import dev.driftwatch.audit.DynamoDbAuditWriter;
import dev.driftwatch.audit.FindingItems;
import dev.driftwatch.aws.AwsClients;
import dev.driftwatch.cli.Main;
import dev.driftwatch.config.DriftwatchConfig;
import dev.driftwatch.demo.RaceDemo;
import dev.driftwatch.demo.RaceMode;
import dev.driftwatch.demo.RaceReport;
import dev.driftwatch.demo.RaceSettings;
import dev.driftwatch.finding.Finding;
import dev.driftwatch.finding.FindingClass;
import dev.driftwatch.finding.Severity;
import dev.driftwatch.support.TestEndpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The web view in a real browser (headless Chromium through Selenium) over the audit table of a short race on
 * the local endpoint, plus one finding on a hostile item. Expected values come from the audit table read
 * another way (a scan, the images' rows, the CLI), never from the page's own code.
 */
class WebViewIT {
    static final String HOSTILE_KEY = "<img src=x onerror=alert(1)>";
    static final String HOSTILE_VALUE = "\"><script>window.pwned=1</script>";

    @TempDir
    static Path dir;

    private static AwsClients clients;
    private static DriftwatchConfig config;
    private static Path configFile;
    private static RaceReport race;
    private static List<Finding> stored;
    private static WebServer server;
    private static Browser browser;
    private static ChromeDriver driver;
    private static Instant since;
    private static Instant until;

    @BeforeAll
    static void raceThenServe() throws Exception {
        clients = TestEndpoint.clients();
        DriftwatchConfig base = TestEndpoint.freshConfig();
        since = Instant.now().minusSeconds(60);
        race = new RaceDemo(clients, base, line -> {})
                .run(new RaceSettings(RaceMode.UNSAFE, 8, 200, 3, 10_000, Duration.ofSeconds(120)));
        config = base.withTable(base.table().withName(race.table()))
                .withAudit(new dev.driftwatch.config.AuditConfig(base.audit().table(), 90, List.of("secret")));
        storeHostileFinding();
        storeUnredactedFinding();
        storeFindingWithImagesPartlyGone();
        until = Instant.now().plusSeconds(60);
        stored = new AuditQueries(clients.dynamoDb(), config.audit().table()).all(race.table());
        configFile = dir.resolve("driftwatch.yaml");
        Files.writeString(
                configFile,
                "endpoint: " + TestEndpoint.url() + "\ntable: {name: " + race.table() + "}\naudit: {table: "
                        + config.audit().table() + ", redact: [secret]}\n");
        server = WebServer.start(Assembly.of(config, clients).auditPages(Optional.empty()), "127.0.0.1", 0);
        browser = Browser.start();
        driver = browser.driver;
    }

    /** A finding of the race's table on an item whose key, message and images are HTML that must stay text. */
    private static void storeHostileFinding() {
        Instant now = Instant.now();
        Finding hostile = Finding.builder()
                .id("hostile-finding-1")
                .ruleId("conservation")
                .severity(Severity.CRITICAL)
                .findingClass(FindingClass.LOST_UPDATE)
                .table(race.table())
                .itemKey(HOSTILE_KEY)
                .eventName("MODIFY")
                .sequenceNumber("999999999999999999999")
                .shardId("shard-hostile")
                .approximateCreationTime(now.minusMillis(200))
                .detectedAt(now)
                .message("<script>window.pwned=2</script> quantity 5 → 4")
                .oldImage(Map.of(
                        "sku", AttributeValue.fromS(HOSTILE_KEY),
                        "quantity", AttributeValue.fromN("5"),
                        "note", AttributeValue.fromS(HOSTILE_VALUE),
                        "secret", AttributeValue.fromS("s3cr3t-old")))
                .newImage(Map.of(
                        "sku", AttributeValue.fromS(HOSTILE_KEY),
                        "quantity", AttributeValue.fromN("4"),
                        "<b>added</b>", AttributeValue.fromS(HOSTILE_VALUE),
                        "secret", AttributeValue.fromS("s3cr3t-new")))
                .writer(Optional.of("<i>writer</i>"))
                .writeId(Optional.of("w-1"))
                .lostUnits(Optional.of(BigDecimal.ONE))
                .build();
        new DynamoDbAuditWriter(
                        clients.dynamoDbAsync(),
                        config.audit().table(),
                        new FindingItems(Duration.ofDays(90), List.of("secret"), Optional.of(Severity.ERROR)))
                .write(List.of(hostile));
    }

    /** A conservation finding of the race's table, as a daemon that did not redact "secret" yet stored it. */
    private static Finding.Builder storedBeforeRedact(
            String id, String itemKey, String sequenceNumber, String message) {
        Instant now = Instant.now();
        return Finding.builder()
                .id(id)
                .ruleId("conservation")
                .severity(Severity.WARNING)
                .findingClass(FindingClass.LOST_UPDATE)
                .table(race.table())
                .itemKey(itemKey)
                .eventName("MODIFY")
                .sequenceNumber(sequenceNumber)
                .shardId("shard-hostile")
                .approximateCreationTime(now.minusMillis(200))
                .detectedAt(now)
                .message(message)
                .lostUnits(Optional.empty());
    }

    private static void writeUnredacted(List<Finding> findings) {
        new DynamoDbAuditWriter(
                        clients.dynamoDbAsync(),
                        config.audit().table(),
                        new FindingItems(Duration.ofDays(90), List.of(), Optional.empty()))
                .write(findings);
    }

    /** A finding stored by a daemon whose configuration did not redact "secret" yet: the page redacts it now. */
    private static void storeUnredactedFinding() {
        writeUnredacted(List.of(storedBeforeRedact(
                        "unredacted-finding-1",
                        "stored-before-redact",
                        "999999999999999999998",
                        "secret was leak-me-old, now leak-me-new")
                .oldImage(Map.of("quantity", AttributeValue.fromN("2"), "secret", AttributeValue.fromS("leak-me-old")))
                .newImage(Map.of("quantity", AttributeValue.fromN("1"), "secret", AttributeValue.fromS("leak-me-new")))
                .build()));
    }

    /**
     * A finding stored before audit.redact named {@code secret}, whose record's images lost a part (TTL deletes each
     * row on its own): part 0 of 2 is left, so the values to mask cannot be known. And one of another record whose
     * only image row is gone: the finding's row outlived it.
     */
    private static void storeFindingWithImagesPartlyGone() {
        Finding broken = storedBeforeRedact(
                        "images-gone-1", "images-gone", "999999999999999999997", "secret was leak-me-broken")
                .writer(Optional.of("leak-me-broken"))
                .build();
        Finding orphan = storedBeforeRedact(
                        "images-none-1", "images-none", "999999999999999999996", "secret was leak-me-broken")
                .writer(Optional.of("leak-me-broken"))
                .build();
        writeUnredacted(List.of(broken, orphan));
        clients.dynamoDb()
                .putItem(b -> b.tableName(config.audit().table())
                        .item(Map.of(
                                "pk", AttributeValue.fromS(AuditImages.partitionKey(broken)),
                                "sk", AttributeValue.fromS("part#0000"),
                                "parts", AttributeValue.fromN("2"),
                                "data", AttributeValue.fromB(SdkBytes.fromUtf8String("half of the images")))));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private static String window() {
        return "since=" + since + "&until=" + until;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Map<String, Long> countsByRule(List<Finding> findings) {
        return findings.stream().collect(Collectors.groupingBy(Finding::ruleId, TreeMap::new, Collectors.counting()));
    }

    @Test
    void overview_afterRace_showsTheCountsTheAuditTableHolds() {
        driver.get(url("/?" + window()));
        assertTrue(race.lostUpdateFindings() > 0, race.toString());
        assertEquals(
                Integer.toString(stored.size()),
                driver.findElement(By.id("total")).getText());
        Map<String, Long> shown = new TreeMap<>();
        for (WebElement row : driver.findElements(By.cssSelector("#by-rule tbody tr"))) {
            List<WebElement> cells = row.findElements(By.tagName("td"));
            shown.put(cells.get(0).getText(), Long.parseLong(cells.get(1).getText()));
        }
        assertEquals(countsByRule(stored), shown);
        long charted = 0;
        for (WebElement bar : driver.findElements(By.cssSelector("#chart rect"))) {
            String title = bar.findElement(By.tagName("title")).getAttribute("textContent");
            charted +=
                    Long.parseLong(title.substring(title.lastIndexOf("· ") + 2).trim());
        }
        assertEquals(stored.size(), charted, "the chart's segments add up to every finding");
        browser.screenshot("overview");
    }

    @Test
    void findingsList_ruleFilter_survivesPagingAndReload() {
        driver.get(url("/findings?limit=20&" + window()));
        WebElement rule = driver.findElement(By.name("rule"));
        rule.clear();
        rule.sendKeys("conservation");
        driver.findElement(By.id("apply")).click();
        List<String> ids = new ArrayList<>();
        int pages = 0;
        while (true) {
            pages++;
            assertEquals("conservation", driver.findElement(By.name("rule")).getAttribute("value"));
            List<String> onPage = rowIds();
            driver.navigate().refresh();
            assertEquals(onPage, rowIds(), "a reload shows the same page");
            for (WebElement cell : driver.findElements(By.cssSelector("table.findings tbody tr td:nth-child(2)"))) {
                assertEquals("conservation", cell.getText());
            }
            ids.addAll(onPage);
            if (pages == 2) {
                browser.screenshot("findings");
            }
            List<WebElement> next = driver.findElements(By.id("next-page"));
            if (next.isEmpty()) {
                break;
            }
            next.get(0).click();
        }
        List<String> expected = stored.stream()
                .filter(f -> f.ruleId().equals("conservation"))
                .sorted(Comparator.comparing(Finding::detectedAt)
                        .thenComparing(Finding::id)
                        .reversed())
                .map(Finding::id)
                .toList();
        assertTrue(expected.size() > 20, "the race gives more than one page: " + expected.size());
        assertEquals(expected, ids, "every conservation finding once, newest first, over " + pages + " pages");
    }

    private static List<String> rowIds() {
        return driver.findElements(By.cssSelector("tr.finding-row")).stream()
                .map(row -> row.getAttribute("data-id"))
                .toList();
    }

    @Test
    void findingDetail_conservationFinding_diffShowsTheChangedQuantity() {
        AuditImages images = new AuditImages(clients.dynamoDb(), config.audit().table());
        Finding finding = stored.stream()
                .filter(f -> f.ruleId().equals("conservation")
                        && f.itemKey().startsWith("item-")
                        && f.lostUnits().isPresent())
                .map(images::attach)
                .filter(f -> !f.oldImage().get("quantity").equals(f.newImage().get("quantity")))
                .findFirst()
                .orElseThrow();
        driver.get(url("/finding?item=" + encode(finding.itemKey()) + "&id=" + encode(finding.id())));
        WebElement quantity = driver.findElement(By.cssSelector("#diff tr[data-attribute='quantity']"));
        assertEquals("diff-changed", quantity.getAttribute("class"));
        assertEquals(
                finding.oldImage().get("quantity").n(),
                quantity.findElement(By.className("old")).getText());
        assertEquals(
                finding.newImage().get("quantity").n(),
                quantity.findElement(By.className("new")).getText());
        assertEquals(finding.message(), driver.findElement(By.id("message")).getText());
        String witness = driver.findElement(By.id("witness")).getText();
        assertTrue(witness.contains(finding.lostUnits().orElseThrow().toPlainString()), witness);
        browser.screenshot("finding");
    }

    @Test
    void itemHistory_raceItem_listsItsRecordsOldestFirst() {
        String item = stored.stream()
                .filter(f -> f.itemKey().startsWith("item-"))
                .collect(Collectors.groupingBy(Finding::itemKey, Collectors.counting()))
                .entrySet()
                .stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
        driver.get(url("/item?item=" + encode(item) + "&" + window()));
        List<Finding> ofItem =
                stored.stream().filter(f -> f.itemKey().equals(item)).toList();
        List<String> expectedRecords = ofItem.stream()
                .sorted(Comparator.comparing(Finding::approximateCreationTime)
                        .thenComparing(f -> new BigDecimal(f.sequenceNumber())))
                .map(Finding::sequenceNumber)
                .distinct()
                .toList();
        List<String> shownRecords = driver.findElements(By.cssSelector("li.record")).stream()
                .map(li -> li.getAttribute("data-sequence"))
                .toList();
        assertEquals(expectedRecords, shownRecords);
        assertEquals(
                ofItem.size(),
                driver.findElements(By.cssSelector("tr.finding-row")).size());
        browser.screenshot("item");
    }

    @Test
    void hostileKey_itemAndFindingPages_renderTheHtmlAsTextAndRunNoScript() {
        driver.get(url("/item?item=" + encode(HOSTILE_KEY) + "&" + window()));
        assertEquals(HOSTILE_KEY, driver.findElement(By.id("item-key")).getText());
        assertNoScriptRan();
        driver.get(url("/finding?item=" + encode(HOSTILE_KEY) + "&id=hostile-finding-1"));
        assertEquals(
                "<script>window.pwned=2</script> quantity 5 → 4",
                driver.findElement(By.id("message")).getText());
        assertEquals(HOSTILE_KEY, driver.findElement(By.id("item-link")).getText());
        WebElement added = driver.findElement(By.cssSelector("#diff tr[data-attribute='<b>added</b>']"));
        assertEquals("diff-added", added.getAttribute("class"));
        assertEquals(
                "\"\\\"><script>window.pwned=1</script>\"",
                added.findElement(By.className("new")).getText());
        WebElement secret = driver.findElement(By.cssSelector("#diff tr[data-attribute='secret']"));
        assertEquals("diff-redacted", secret.getAttribute("class"));
        assertEquals("redacted", secret.findElement(By.className("new")).getText());
        assertFalse(driver.getPageSource().contains("s3cr3t"), "a redacted value reaches no page");
        assertNoScriptRan();
        browser.screenshot("finding-hostile");
        driver.get(url("/findings?" + window()));
        assertTrue(driver.findElements(By.cssSelector("a.item-link")).stream()
                .anyMatch(a -> a.getText().equals(HOSTILE_KEY)));
        assertNoScriptRan();
    }

    private static void assertNoScriptRan() {
        assertEquals(Boolean.TRUE, driver.executeScript("return typeof window.pwned === 'undefined'"));
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
        assertTrue(driver.findElements(By.cssSelector("main img, main script, main b, main i"))
                .isEmpty());
    }

    @Test
    void findingItemAndList_storedBeforeRedactWasSet_redactedOnThePage() {
        driver.get(url("/finding?item=stored-before-redact&id=unredacted-finding-1"));
        assertEquals(
                "diff-redacted",
                driver.findElement(By.cssSelector("#diff tr[data-attribute='secret']"))
                        .getAttribute("class"));
        assertFalse(
                driver.getPageSource().contains("leak-me"),
                driver.findElement(By.id("message")).getText());
        driver.get(url("/item?item=stored-before-redact&" + window()));
        assertEquals(1, driver.findElements(By.cssSelector("li.record")).size());
        assertFalse(driver.getPageSource().contains("leak-me"));
        driver.get(url("/findings?item=stored-before-redact&" + window()));
        assertEquals(1, driver.findElements(By.cssSelector("tr.finding-row")).size());
        assertFalse(
                driver.getPageSource().contains("leak-me"),
                driver.findElement(By.cssSelector("tr.finding-row")).getText());
    }

    /** The status line of a GET sent byte for byte (HttpClient refuses a foreign Host or a malformed escape). */
    private static String rawStatus(String target, String host, String... headers) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(
                            new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
        }
    }

    @Test
    void findingItemAndList_imagesPartlyOrWhollyGone_textThatCouldQuoteAValueWithheld() {
        for (String page : List.of(
                "/findings?item=images-gone&" + window(),
                "/item?item=images-gone&" + window(),
                "/finding?item=images-gone&id=images-gone-1",
                "/findings?item=images-none&" + window(),
                "/item?item=images-none&" + window(),
                "/finding?item=images-none&id=images-none-1")) {
            driver.get(url(page));
            assertFalse(driver.getPageSource().contains("leak-me"), page);
            assertTrue(
                    driver.getPageSource().contains("(withheld: this record's images, needed to apply audit.redact"),
                    page + ": " + driver.findElement(By.tagName("main")).getText());
        }
    }

    @Test
    void foreignHostHeader_refusedWith421() throws Exception {
        assertEquals(
                "HTTP/1.1 421 Misdirected Request", rawStatus("/findings.json", "attacker.example:" + server.port()));
        assertEquals("HTTP/1.1 421 Misdirected Request", rawStatus("/static/app.css", "localhost.attacker.example"));
        // Loopback in any spelling, or any IP address, is not a rebound name.
        assertEquals("HTTP/1.1 200 OK", rawStatus("/static/app.css", "[0:0:0:0:0:0:0:1]:" + server.port()));
        assertEquals("HTTP/1.1 200 OK", rawStatus("/static/app.css", "localhost:" + server.port()));
    }

    @Test
    void crossSiteRequest_subresourceRefused403_linkFollowed() throws Exception {
        String page = "/finding?item=stored-before-redact&id=unredacted-finding-1";
        String host = "127.0.0.1:" + server.port();
        assertEquals(
                "HTTP/1.1 403 Forbidden",
                rawStatus(
                        "/findings.json?" + window(),
                        host,
                        "Sec-Fetch-Site: cross-site",
                        "Sec-Fetch-Mode: no-cors",
                        "Sec-Fetch-Dest: image"));
        assertEquals(
                "HTTP/1.1 403 Forbidden",
                rawStatus(page, host, "Sec-Fetch-Site: cross-site", "Sec-Fetch-Mode: cors", "Sec-Fetch-Dest: empty"));
        // Another port of the same host is the same site, not the same origin: a page on localhost:3000 too.
        assertEquals(
                "HTTP/1.1 403 Forbidden",
                rawStatus(page, host, "Sec-Fetch-Site: same-site", "Sec-Fetch-Mode: no-cors", "Sec-Fetch-Dest: image"));
        assertEquals(
                "HTTP/1.1 200 OK",
                rawStatus(
                        page,
                        host,
                        "Sec-Fetch-Site: cross-site",
                        "Sec-Fetch-Mode: navigate",
                        "Sec-Fetch-Dest: document"));
        assertEquals(
                "HTTP/1.1 200 OK",
                rawStatus(page, host, "Sec-Fetch-Site: same-origin", "Sec-Fetch-Mode: cors", "Sec-Fetch-Dest: empty"));
    }

    @Test
    void unknownPageAndGoneFinding_404WithOneLine() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> nope = http.send(
                HttpRequest.newBuilder(URI.create(url("/nope"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, nope.statusCode());
        assertNotEquals(-1, nope.body().indexOf("no such page: /nope"), nope.body());
        HttpResponse<String> gone = http.send(
                HttpRequest.newBuilder(URI.create(url("/finding?item=stored-before-redact&id=gone")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, gone.statusCode());
        assertNotEquals(-1, gone.body().indexOf("no finding gone of item stored-before-redact"), gone.body());
    }

    @Test
    void malformedEscape_findings_400NotAnUnfilteredPage() throws Exception {
        String host = "127.0.0.1:" + server.port();
        assertEquals("HTTP/1.1 400 Bad Request", rawStatus("/findings.json?rule=%ZZ&" + window(), host));
        assertEquals("HTTP/1.1 400 Bad Request", rawStatus("/findings?item=%FF&" + window(), host));
        assertEquals("HTTP/1.1 400 Bad Request", rawStatus("/finding?item=stored-before-redact&id=%", host));
    }

    @Test
    void csvExport_ruleFilter_matchesTheCliCsv() throws Exception {
        driver.get(url("/findings?rule=conservation&" + window()));
        String href = driver.findElement(By.id("export-csv")).getAttribute("href");
        HttpResponse<String> export = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(href)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, export.statusCode());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(
                "findings",
                "--config",
                configFile.toString(),
                "--rule",
                "conservation",
                "--since",
                since.toString(),
                "--until",
                until.toString(),
                "--format",
                "csv",
                "--limit",
                "0");
        assertEquals(0, code, err.toString());
        assertEquals(out.toString(), export.body());
        long conservation =
                stored.stream().filter(f -> f.ruleId().equals("conservation")).count();
        assertEquals(conservation + 1, export.body().lines().count(), "a header and every finding");
        String cliLine = driver.findElement(By.id("cli-line")).getText();
        assertEquals("./driftwatch findings --rule conservation --since " + since + " --until " + until, cliLine);
    }

    @Test
    void post_findings_refusedAndNothingWritten() throws Exception {
        int before = new AuditQueries(clients.dynamoDb(), config.audit().table())
                .all(race.table())
                .size();
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url("/findings")))
                                .POST(HttpRequest.BodyPublishers.ofString("rule=x"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(405, response.statusCode());
        assertEquals(
                before,
                new AuditQueries(clients.dynamoDb(), config.audit().table())
                        .all(race.table())
                        .size());
    }

    @Test
    void badParameter_findings_oneLineAndStatus400() throws Exception {
        driver.get(url("/findings?severity=LOUD"));
        assertEquals(
                "severity: expected one of INFO, WARNING, ERROR, CRITICAL, got 'LOUD'",
                driver.findElement(By.id("error")).getText());
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url("/findings?limit=100000")))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
        assertNotEquals(-1, response.body().indexOf("limit: expected 1 to 500, got 100000"));
        Set<String> csp = new HashSet<>(response.headers().allValues("Content-Security-Policy"));
        assertEquals(Set.of(WebServer.CSP), csp);
    }
}
