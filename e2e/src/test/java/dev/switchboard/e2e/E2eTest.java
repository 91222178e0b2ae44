package dev.switchboard.e2e;

import dev.switchboard.e2e.browser.BrowserExtension;
import dev.switchboard.e2e.platform.PlatformExtension;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An end-to-end test class: its tests take a {@link dev.switchboard.e2e.platform.Platform} (the running platform,
 * one per test JVM) and {@link dev.switchboard.e2e.browser.Persons} (people in their own browser contexts) as
 * parameters. Name the class {@code *IT}: failsafe runs it in {@code verify}, after the services are packaged.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith({PlatformExtension.class, BrowserExtension.class})
public @interface E2eTest {
}
