package dev.switchboard.testkit.keycloak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Finds the Keycloak tarball Maven resolved, the realm file of this repository, and unpacks the tarball once. */
final class KeycloakDistribution {

    private static final String TARBALL = "keycloak-quarkus-dist-" + KeycloakServer.VERSION + ".tar.gz";

    private KeycloakDistribution() {
    }

    /** The unpacked distribution's home directory, unpacking it first if needed. */
    static Path unpacked() {
        Path cache = cacheDir();
        Path home = cache.resolve("keycloak-" + KeycloakServer.VERSION);
        if (Files.isExecutable(home.resolve("bin/kc.sh"))) {
            return home;
        }
        try {
            Files.createDirectories(cache);
            try (FileChannel channel = FileChannel.open(cache.resolve("unpack.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
                    Path tarball = tarball();
                    Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", cache.toString())
                            .inheritIO().start();
                    if (tar.waitFor() != 0 || !Files.isExecutable(home.resolve("bin/kc.sh"))) {
                        throw new IllegalStateException("could not unpack " + tarball + " into " + cache);
                    }
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path tarball() {
        String configured = System.getProperty("switchboard.keycloak.dist");
        if (configured != null && !configured.isBlank() && !configured.startsWith("${")) {
            return Path.of(configured);
        }
        String repo = System.getProperty("maven.repo.local", System.getProperty("user.home") + "/.m2/repository");
        Path candidate = Path.of(repo, "org/keycloak/keycloak-quarkus-dist", KeycloakServer.VERSION, TARBALL);
        if (Files.isRegularFile(candidate)) {
            return candidate;
        }
        throw new IllegalStateException("The Keycloak distribution is not in the local Maven repository (" + candidate
                + "). The testkit module declares it, so './mvnw -pl testkit -am test-compile' resolves it.");
    }

    static Path realmFile() {
        String configured = System.getProperty("switchboard.keycloak.realm");
        if (configured != null && !configured.isBlank() && !configured.startsWith("${") && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/keycloak/switchboard-realm.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("deploy/keycloak/switchboard-realm.json not found above " + Path.of("").toAbsolutePath());
    }

    private static Path cacheDir() {
        String configured = System.getenv("SWITCHBOARD_CACHE_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "switchboard");
    }
}
