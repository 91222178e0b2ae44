package dev.switchboard.e2e.platform;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and this module's {@code target/} directory are (logs, screenshots). */
public final class Workspace {

    private Workspace() {
    }

    /** The repository root: failsafe passes it as {@code switchboard.project.root}; else found above the working directory. */
    public static Path projectRoot() {
        String configured = System.getProperty("switchboard.project.root");
        if (configured != null && !configured.isBlank() && !configured.startsWith("${")) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("e2e/pom.xml")) && Files.isRegularFile(dir.resolve("deploy/keycloak/switchboard-realm.json"))) {
                return dir;
            }
        }
        throw new IllegalStateException("the repository root (with e2e/ and deploy/) is not above " + Path.of("").toAbsolutePath());
    }

    /** {@code e2e/target}, or {@code switchboard.e2e.target} when set. */
    public static Path targetDir() {
        String configured = System.getProperty("switchboard.e2e.target");
        if (configured != null && !configured.isBlank() && !configured.startsWith("${")) {
            return Path.of(configured);
        }
        return projectRoot().resolve("e2e/target");
    }
}
