package dev.switchboard.e2e.browser;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.switchboard.e2e.platform.Platform;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/**
 * Someone using the dashboard in their own browser context (own cookies): signs up, logs in and out through the
 * real Keycloak pages, only by what a person clicks: the dashboard's "Sign up" and "Log in" links when logged out and
 * its "Log out" button when logged in. A missing link fails the test; nothing goes to Keycloak's endpoints directly.
 */
public final class Person implements AutoCloseable {

    /** Fits the realm's policy: at least 10 characters, neither the user name nor the e-mail. */
    public static final String PASSWORD = "Correct-Horse-Battery-42";

    private final String name;
    private final Platform platform;
    private final BrowserContext context;
    private final Page page;
    private String email;
    private String password = PASSWORD;
    private String firstName;
    private String lastName;

    Person(String name, Platform platform, BrowserContext context) {
        this.name = name;
        this.platform = platform;
        this.context = context;
        this.page = context.newPage();
    }

    /** A unique e-mail address for a new person, e.g. {@code ada-1f3e9c2a@example.test}. */
    public static String uniqueEmail(String firstName) {
        return firstName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "") + "-"
                + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    public String name() {
        return name;
    }

    public Page page() {
        return page;
    }

    public BrowserContext context() {
        return context;
    }

    /** The e-mail this person signed up or logged in with, or null. */
    public String email() {
        return email;
    }

    public String password() {
        return password;
    }

    public String firstName() {
        return firstName;
    }

    public String lastName() {
        return lastName;
    }

    /** Opens a path of the dashboard, e.g. {@code "/"}, and returns the page. */
    public Page open(String path) {
        page.navigate(platform.webUrl() + path);
        return page;
    }

    /** Signs up with a unique e-mail and {@link #PASSWORD}. */
    public Person signUp(String firstName, String lastName) {
        return signUp(uniqueEmail(firstName), PASSWORD, firstName, lastName);
    }

    /**
     * Signs up on the dashboard: its "Sign up" link, Keycloak's registration form, and back on the dashboard, logged
     * in. Returns once the browser is on the web's address again.
     */
    public Person signUp(String email, String password, String firstName, String lastName) {
        open("/");
        link("Sign up").first().click();
        // "Sign up" opens Keycloak's registration form itself (prompt=create), not its login form
        page.locator("#kc-register-form").waitFor();
        page.locator("#email").fill(email);
        page.locator("#password").fill(password);
        page.locator("#password-confirm").fill(password);
        page.locator("#firstName").fill(firstName);
        page.locator("#lastName").fill(lastName);
        page.locator("#kc-register-form [type=submit]").click();
        awaitDashboard("sign-up");
        this.email = email;
        this.password = password;
        this.firstName = firstName;
        this.lastName = lastName;
        return this;
    }

    /** Logs in again with the e-mail and password this person signed up with. */
    public Person logIn() {
        if (email == null) {
            throw new IllegalStateException(name + " has not signed up");
        }
        return logIn(email, password);
    }

    /** Logs in on the dashboard: its "Log in" link, Keycloak's login form, and back on the dashboard. */
    public Person logIn(String email, String password) {
        open("/");
        link("Log in").first().click();
        page.locator("#kc-form-login").waitFor();
        page.locator("#username").fill(email);
        page.locator("#password").fill(password);
        page.locator("#kc-login").click();
        awaitDashboard("login");
        this.email = email;
        this.password = password;
        return this;
    }

    /** Logs out with the dashboard's "Log out" button, which ends the Keycloak session too, back on the landing page. */
    public Person logOut() {
        if (!page.url().startsWith(platform.webUrl())) {
            open("/");
        }
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out").setExact(true)).click();
        awaitDashboard("logout");
        link("Sign up").first().waitFor();
        return this;
    }

    /** This person's Keycloak access token (audience switchboard-api), by the testkit's password-grant test client. */
    public String accessToken() {
        if (email == null) {
            throw new IllegalStateException(name + " has not signed up");
        }
        return platform.keycloak().admin().accessToken(email, password);
    }

    /** Saves a screenshot of this person's page as {@code e2e/target/screenshots/<name>.png}. */
    public Path screenshot(String fileName) {
        return Browsers.screenshot(page, fileName);
    }

    /** Closes this person's browser context. */
    @Override
    public void close() {
        context.close();
    }

    private Locator link(String text) {
        return page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(text).setExact(true));
    }

    private void awaitDashboard(String step) {
        String web = platform.webUrl();
        try {
            page.waitForURL(url -> url.startsWith(web));
        } catch (RuntimeException e) {
            throw new AssertionError(name + "'s " + step + " did not end on the dashboard (" + web + "): the browser is at "
                    + page.url(), e);
        }
        page.waitForLoadState();
    }
}
