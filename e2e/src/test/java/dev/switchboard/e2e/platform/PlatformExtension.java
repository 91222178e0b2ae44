package dev.switchboard.e2e.platform;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the {@link Platform} of this JVM as a parameter ({@code @Test void x(Platform platform)}, also in
 * {@code @BeforeAll} and constructors). It starts on first use and is kept in the root extension store, which closes
 * it when the whole test run ends, so every test class shares one platform.
 */
public final class PlatformExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PlatformExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Platform.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return platform(context);
    }

    /** The platform of this JVM, closed with the root store (at the end of the run). */
    public static Platform platform(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Platform.class, key -> new Closer(Platform.shared()), Closer.class).platform();
    }

    /** What the root store closes at the end of the run (JUnit closes {@link AutoCloseable} values of a store). */
    private record Closer(Platform platform) implements AutoCloseable {
        @Override
        public void close() {
            platform.close();
        }
    }
}
