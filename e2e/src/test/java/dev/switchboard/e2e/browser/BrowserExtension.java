package dev.switchboard.e2e.browser;

import dev.switchboard.e2e.platform.PlatformExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives a test a {@link Persons} parameter (people with their own browser contexts, closed after the test) and, when
 * the test fails, saves a screenshot and the HTML of each of their pages as
 * {@code e2e/target/screenshots/<TestClass>.<method>-FAILED-<person>.png/.html}. The browser of the JVM is closed at
 * the end of the run.
 */
public final class BrowserExtension implements ParameterResolver, TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BrowserExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Persons.class && context.getTestMethod().isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // the test method's store: closed (with the contexts) right after the test
        Persons persons = context.getStore(NAMESPACE).getOrComputeIfAbsent(Persons.class,
                key -> new Persons(PlatformExtension.platform(context)), Persons.class);
        // after the platform, so that the root store (closing in reverse order) closes the browser first
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(BrowserCloser.class, key -> new BrowserCloser(), BrowserCloser.class);
        return persons;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Persons persons = context.getStore(NAMESPACE).get(Persons.class, Persons.class);
        if (persons != null) {
            String prefix = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName() + "-FAILED";
            List<Path> files = persons.capture(prefix);
            if (!files.isEmpty()) {
                System.out.println("browser: the pages at the failure: " + files);
            }
        }
        throw failure;
    }

    /** Closes Playwright and the browser when the root store closes, at the end of the run. */
    private static final class BrowserCloser implements AutoCloseable {
        @Override
        public void close() {
            Browsers.close();
        }
    }
}
