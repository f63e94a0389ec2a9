package io.holi.testing;

import com.deque.html.axecore.args.AxeRunOnlyOptions;
import com.deque.html.axecore.args.AxeRunOptions;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real, headless Chromium driven through Selenium: Debian's {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver}, paths given explicitly so that nothing is downloaded. Keeps what the browser logged
 * (for CSP violations and script errors), checks pages with axe-core and saves screenshots.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** WCAG 2.2 AA and what it builds on. */
    private static final List<String> WCAG = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa");
    /**
     * WCAG's rules, and only the violations in full: axe otherwise lists every node that passed each rule too (with
     * its HTML and selector), a result of hundreds of kilobytes per page that the browser, chromedriver and this JVM
     * pass along as JSON and nothing reads.
     */
    private static final AxeRunOptions AXE_OPTIONS = axeOptions();

    private static AxeRunOptions axeOptions() {
        AxeRunOnlyOptions only = new AxeRunOnlyOptions();
        only.setType("tag");
        only.setValues(WCAG);
        AxeRunOptions options = new AxeRunOptions();
        options.setRunOnly(only);
        options.setResultTypes(List.of("violations"));
        return options;
    }

    /** Pages axe already found clean, by title: a page checked once need not be checked again. */
    private static final Map<String, Boolean> CHECKED = new ConcurrentHashMap<>();

    private final ChromeDriver driver;
    private final Path profile;
    private final List<String> log = new ArrayList<>();
    private String base;

    public Browser(String base) {
        this.base = base;
        try {
            profile = TempDirs.directory("holi-chromium");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--user-data-dir=" + profile, "--no-first-run", "--disable-extensions", "--lang=en-US",
                // what a test's browser does not need, and costs CPU in a suite that is short of it: Google's
                // services, component updates, field trials, crash reports, the password store
                "--disable-background-networking", "--disable-component-update", "--disable-default-apps", "--disable-sync",
                "--disable-client-side-phishing-detection", "--disable-domain-reliability", "--disable-breakpad",
                "--metrics-recording-only", "--no-default-browser-check", "--mute-audio", "--password-store=basic",
                "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication,"
                        + "CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions");
        if ("root".equals(System.getProperty("user.name"))) {
            options.addArguments("--no-sandbox"); // Chromium's sandbox refuses root (sessions and CI)
        }
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofMinutes(2)).scriptTimeout(Duration.ofMinutes(1));
    }

    /**
     * As a browser just started: no cookie of any site, no stored data, a blank page (what it logged so far is
     * kept). Flows that follow each other in one browser start from here.
     */
    public Browser reset() {
        driver.get("about:blank");
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", base.replaceFirst("(https?://[^/]+).*", "$1"),
                "storageTypes", "all"));
        return this;
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Points the browser at another instance (same cookies: the host stays localhost). */
    public Browser base(String base) {
        this.base = base;
        return this;
    }

    public Browser open(String path) {
        driver.get(base + path);
        return this;
    }

    public String path() {
        return driver.getCurrentUrl().replaceFirst("^https?://[^/]+", "");
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    public String title() {
        return driver.getTitle();
    }

    public Browser type(String css, String value) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(value);
        return this;
    }

    /** Sets a date or time input (whose typing order depends on the locale) the way a picker would. */
    public Browser set(String css, String value) {
        driver.executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                find(css), value);
        return this;
    }

    public Browser select(String css, String visibleTextOrValue) {
        org.openqa.selenium.support.ui.Select s = new org.openqa.selenium.support.ui.Select(find(css));
        boolean byValue = s.getOptions().stream().anyMatch(o -> visibleTextOrValue.equals(o.getAttribute("value")));
        if (byValue) {
            s.selectByValue(visibleTextOrValue);
        } else {
            s.selectByVisibleText(visibleTextOrValue);
        }
        return this;
    }

    /**
     * Clicks something that stays on the page (a radio button, a checkbox, an htmx control) and waits until the page
     * is loaded. A click that leads to another page is {@link #follow} or {@link #submit}: waiting for "loaded"
     * alone could see the page that is about to go.
     */
    public Browser click(String css) {
        WebElement e = find(css);
        e.click();
        waitUntil(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        return this;
    }

    /** Follows a link: clicks it and waits for the page it leads to (the one it was on gone, the new one loaded). */
    public Browser follow(String css) {
        return submit(css);
    }

    /** Submits the form holding the given element, as pressing a submit button does, and waits for what follows. */
    public Browser submit(String css) {
        // on a busy machine a slow step (axe, waiting for the next TOTP code) can leave a page idle long enough for
        // the idle-logoff warning to cover it: answer it as a person would ("stay signed in"), then go on
        for (WebElement stay : driver.findElements(org.openqa.selenium.By.cssSelector("dialog#idle-warning[open] button"))) {
            if (stay.isDisplayed()) {
                stay.click();
            }
        }
        WebElement old = find("body");
        find(css).click();
        waitUntil(d -> isStale(old) && "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        return this;
    }

    private static boolean isStale(WebElement e) {
        try {
            e.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException gone) {
            return true;
        } catch (org.openqa.selenium.WebDriverException replaced) {
            // "Node with given id does not belong to the document": the page it was in is gone
            return String.valueOf(replaced.getMessage()).contains("does not belong to the document");
        }
    }

    public <T> T waitUntil(ExpectedCondition<T> condition) {
        return waitUntil(condition, Duration.ofSeconds(60));
    }

    /**
     * Waits for a condition; a page being replaced while it is read means "not yet": stale elements, and Chromium's
     * own way of saying so ("Node with given id does not belong to the document", seen under load in a run at 20:55).
     */
    public <T> T waitUntil(ExpectedCondition<T> condition, Duration atMost) {
        ExpectedCondition<T> tolerant = d -> {
            try {
                return condition.apply(d);
            } catch (org.openqa.selenium.WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return null;
                }
                throw e;
            }
        };
        return new WebDriverWait(driver, atMost).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class).until(tolerant);
    }

    public Browser waitForText(String text) {
        waitUntil(d -> text().contains(text));
        return this;
    }

    /**
     * Signs in through the sign-in pages: password, then the code of the user's authenticator app ({@link TestMfa}),
     * enrolling one first (reading the secret off the page as a phone reads the QR code) when the role needs one.
     */
    public Browser signIn(String email, String password) {
        open("/login");
        type("#email", email).type("#password", password).submit("main button[type=submit]");
        if (path().startsWith("/login/enrol")) {
            TestMfa.enrolled(email, find("#secret").getText());
            type("#code", TestMfa.nextCode(email)).submit("main button[type=submit]");
            if (!all("#recovery-codes").isEmpty()) {
                follow("main a.button");
            }
        } else if (path().startsWith("/login/code")) {
            type("#code", TestMfa.nextCode(email)).submit("main button[type=submit]");
        }
        if (path().startsWith("/login")) {
            throw new AssertionError("sign-in of " + email + " did not complete: " + path() + "\n" + text());
        }
        return this;
    }

    public Browser signOut() {
        submit("header form[action='/logout'] button");
        return this;
    }

    /** Everything the browser logged since it started (console messages, CSP reports, failed loads). */
    public List<String> log() {
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            log.add(e.getLevel() + " " + e.getMessage());
        }
        return List.copyOf(log);
    }

    /** What the browser logged about Content-Security-Policy violations and script errors. */
    public List<String> cspViolationsAndScriptErrors() {
        return log().stream().filter(l -> l.contains("Content Security Policy") || l.contains("Uncaught")
                || l.contains("Refused to")).toList();
    }

    /** axe-core's WCAG 2.2 AA violations on the current page (each page title is checked once per run). */
    public List<String> accessibilityViolations() {
        String key = title() + " " + path().replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "{id}").replaceAll("\\?.*", "");
        if (CHECKED.containsKey(key)) {
            return List.of();
        }
        // axe.run in the page itself ("legacy" mode): holi's pages have no frames, and the default mode opens a window
        // per analysis to combine the frames' results, about twice the browser's CPU per page
        Results results = new AxeBuilder().withOptions(AXE_OPTIONS).setLegacyMode(true).analyze(driver);
        List<String> problems = new ArrayList<>();
        for (Rule r : results.getViolations()) {
            r.getNodes().forEach(n -> problems.add(key + ": " + r.getId() + " (" + r.getHelp() + ") at " + n.getTarget()));
        }
        if (problems.isEmpty()) {
            CHECKED.put(key, true);
        }
        return problems;
    }

    /** The pages axe-core found without a violation in this test run. */
    public static java.util.Set<String> pagesCheckedClean() {
        return java.util.Set.copyOf(CHECKED.keySet());
    }

    /** Saves the visible page as {@code docs/screenshots/<name>.png} (the README shows these). */
    public Path screenshot(String name) {
        return screenshot(Path.of("docs", "screenshots"), name);
    }

    /** Saves the visible page as {@code <dir>/<name>.png}. */
    public Path screenshot(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
