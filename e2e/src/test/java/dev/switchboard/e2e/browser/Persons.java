package dev.switchboard.e2e.browser;

import dev.switchboard.e2e.platform.Platform;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The people of one test, each in a browser context of their own; {@link BrowserExtension} gives a test one as a
 * parameter, saves what their pages show when the test fails, and closes their contexts after it.
 */
public final class Persons implements AutoCloseable {

    private final Platform platform;
    private final List<Person> people = new ArrayList<>();

    public Persons(Platform platform) {
        this.platform = platform;
    }

    /** A new person with a fresh browser context (no cookies), not signed up yet; {@code name} names their screenshots. */
    public Person open(String name) {
        Person person = new Person(name, platform, Browsers.newContext());
        people.add(person);
        return person;
    }

    /** Saves a screenshot and the HTML of every person's page as {@code <prefix>-<person>.png/.html}; returns the files. */
    public List<Path> capture(String prefix) {
        List<Path> files = new ArrayList<>();
        for (Person person : people) {
            try {
                files.add(Browsers.screenshot(person.page(), prefix + "-" + person.name()));
                files.add(Browsers.saveHtml(person.page(), prefix + "-" + person.name()));
            } catch (RuntimeException e) {
                System.out.printf("browser: could not capture %s's page: %s%n", person.name(), e.getMessage());
            }
        }
        return files;
    }

    @Override
    public void close() {
        for (Person person : people) {
            try {
                person.close();
            } catch (RuntimeException e) {
                System.out.printf("browser: could not close %s's context: %s%n", person.name(), e.getMessage());
            }
        }
        people.clear();
    }
}
