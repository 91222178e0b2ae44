package dev.switchboard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The image tarballs deploy/images.sh builds (it runs this with -Dswitchboard.images.check=true after building them):
 * what a container runtime will read from each. Not run by a plain build, which builds no image.
 */
@EnabledIfSystemProperty(named = "switchboard.images.check", matches = "true")
class ImageTarballsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static List<String> services() {
        return Project.services().stream().map(ServiceConfig::name).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("services")
    void eachServiceImageRunsTheServiceAsItsConfigurationSays(String name) throws Exception {
        ServiceConfig s = Project.services().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        Image image = Image.read(s.dir().resolve("target/jib-image.tar"));
        assertThat(image.repoTag()).isEqualTo("switchboard/" + s.name() + ":" + Project.version());
        JsonNode c = image.config().path("config");

        // as the Kubernetes manifests and compose expect: this user, these ports, this command
        assertThat(c.path("User").asText()).isEqualTo(Project.profileProperties("images").get("quarkus.jib.user"));
        assertThat(c.path("User").asText()).doesNotStartWith("0").doesNotStartWith("root");
        Set<String> ports = new TreeSet<>();
        c.path("ExposedPorts").fieldNames().forEachRemaining(ports::add);
        assertThat(ports).containsExactlyInAnyOrder(s.httpPort() + "/tcp", s.managementPort() + "/tcp");
        List<String> entrypoint = strings(c.path("Entrypoint"));
        assertThat(entrypoint).startsWith("java").endsWith("-jar", "quarkus-run.jar").contains("-XX:MaxRAMPercentage=75");
        assertThat(c.path("WorkingDir").asText()).isEqualTo("/home/jboss");

        // configuration comes from the deployment's environment: the image sets none of the service's variables
        Map<String, String> env = env(c);
        assertThat(env.get("PATH")).startsWith("/opt/java/bin:");
        assertThat(env).containsEntry("JAVA_HOME", "/opt/java");
        for (String variable : env.keySet()) {
            assertThat(s.reads(variable)).as("the image sets %s, which %s reads", variable, s.name()).isFalse();
        }

        // the files: the JVM, the application, a health-check client, the user
        assertThat(image.file("opt/java/bin/java")).isNotNull();
        assertThat(image.mode("opt/java/bin/java") & 0111).isNotZero();
        assertThat(image.file("home/jboss/quarkus-run.jar")).isNotNull();
        assertThat(image.names()).anyMatch(n -> n.startsWith("home/jboss/lib/main/"));
        assertThat(image.file("bin/busybox")).isNotNull();
        String uid = c.path("User").asText().split(":")[0];
        assertThat(new String(image.file("etc/passwd"), StandardCharsets.UTF_8)).containsPattern("(?m)^[a-z]+:x:" + uid + ":");
    }

    @Test
    void theFakesImageRunsTheTestkitsMains() throws Exception {
        Image image = Image.read(Project.path("testkit/target/jib-image.tar"));
        assertThat(image.repoTag()).isEqualTo("switchboard/testkit-fakes:" + Project.version());
        JsonNode c = image.config().path("config");
        assertThat(strings(c.path("Entrypoint"))).containsExactly("java", "-XX:MaxRAMPercentage=75", "-cp", "@/app/jib-classpath-file");
        String main = strings(c.path("Cmd")).get(0);
        assertThat(Project.path("testkit/src/main/java/" + main.replace('.', '/') + ".java")).isRegularFile();
        assertThat(c.path("User").asText()).isEqualTo(Project.profileProperties("images").get("quarkus.jib.user"));
        assertThat(image.file("app/jib-classpath-file")).isNotNull();
        assertThat(new String(image.file("app/jib-classpath-file"), StandardCharsets.UTF_8)).contains("/app/classes");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Map<String, String> env(JsonNode config) {
        Map<String, String> out = new LinkedHashMap<>();
        config.path("Env").forEach(n -> {
            String[] kv = n.asText().split("=", 2);
            out.put(kv[0], kv[1]);
        });
        return out;
    }

    /**
     * An image tarball (`docker save` format): manifest.json, the config, and the layers, each checked against the
     * config's diff_ids (the SHA-256 of the uncompressed layer) as a runtime does when it loads it.
     */
    private record Image(String repoTag, JsonNode config, Map<String, byte[]> files, Map<String, Integer> modes) {

        static Image read(Path tarball) throws Exception {
            assertThat(tarball).as("built by deploy/images.sh").isRegularFile();
            Map<String, byte[]> outer = new LinkedHashMap<>();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(tarball))) {
                TarReader.read(in, (name, mode, content) -> outer.put(name, content.readAllBytes()));
            }
            JsonNode manifest = JSON.readTree(outer.get("manifest.json"));
            assertThat(manifest.size()).as("images in the tarball").isEqualTo(1);
            JsonNode entry = manifest.get(0);
            assertThat(entry.path("RepoTags").size()).isEqualTo(1);
            JsonNode config = JSON.readTree(outer.get(entry.path("Config").asText()));
            assertThat(config.path("os").asText()).isEqualTo("linux");
            assertThat(config.path("architecture").asText()).isNotBlank();
            List<String> layers = strings(entry.path("Layers"));
            List<String> diffIds = strings(config.path("rootfs").path("diff_ids"));
            assertThat(layers).hasSameSizeAs(diffIds).isNotEmpty();

            Map<String, byte[]> files = new LinkedHashMap<>();
            Map<String, Integer> modes = new LinkedHashMap<>();
            for (int i = 0; i < layers.size(); i++) {
                byte[] blob = outer.get(layers.get(i));
                assertThat(blob).as("layer %s", layers.get(i)).isNotNull();
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                InputStream raw = new java.io.ByteArrayInputStream(blob);
                InputStream content = isGzip(blob) ? new GZIPInputStream(raw) : raw;
                try (DigestInputStream digest = new DigestInputStream(content, sha)) {
                    TarReader.read(digest, (name, mode, data) -> {
                        modes.put(name, mode);
                        // keep the small files a check reads; for the rest their presence is what matters
                        files.put(name, name.startsWith("etc/") || name.endsWith("jib-classpath-file") ? data.readAllBytes() : new byte[0]);
                    });
                    digest.transferTo(java.io.OutputStream.nullOutputStream());
                }
                assertThat("sha256:" + HexFormat.of().formatHex(sha.digest())).as("diff_id of layer %d", i).isEqualTo(diffIds.get(i));
            }
            return new Image(entry.path("RepoTags").get(0).asText(), config, files, modes);
        }

        byte[] file(String name) {
            return files.get(name);
        }

        int mode(String name) {
            return modes.getOrDefault(name, 0);
        }

        Set<String> names() {
            return files.keySet();
        }

        private static boolean isGzip(byte[] blob) {
            return blob.length > 2 && (blob[0] & 0xff) == 0x1f && (blob[1] & 0xff) == 0x8b;
        }
    }

    /** Just enough of the tar format for image tarballs: ustar headers, PAX path records, GNU long names. */
    static final class TarReader {

        interface Visitor {
            void file(String name, int mode, InputStream content) throws IOException;
        }

        static void read(InputStream in, Visitor visitor) throws IOException {
            byte[] header = new byte[512];
            String longName = null;
            while (in.readNBytes(header, 0, 512) == 512) {
                if (isZero(header)) {
                    return;
                }
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                int mode = (int) octal(header, 100, 8);
                long size = octal(header, 124, 12);
                char type = (char) header[156];
                byte[] data = in.readNBytes((int) size);
                // read, not skip: a DigestInputStream's skip would leave the padding out of the digest
                in.readNBytes((int) ((512 - size % 512) % 512));
                if (type == 'x' || type == 'L') {
                    String text = new String(data, StandardCharsets.UTF_8);
                    if (type == 'L') {
                        longName = text.replace("\0", "");
                    } else {
                        for (String record : text.split("\n")) {
                            int eq = record.indexOf(" path=");
                            if (eq >= 0) {
                                longName = record.substring(eq + 6);
                            }
                        }
                    }
                    continue;
                }
                if (longName != null) {
                    name = longName;
                    longName = null;
                }
                name = name.replaceFirst("^\\./", "").replaceFirst("^/", "");
                if (type == '0' || type == '\0') {
                    visitor.file(name, mode, new java.io.ByteArrayInputStream(data));
                } else if (type == '5') {
                    visitor.file(name.endsWith("/") ? name.substring(0, name.length() - 1) : name, mode,
                            new java.io.ByteArrayInputStream(new byte[0]));
                }
            }
        }

        private static boolean isZero(byte[] b) {
            for (byte x : b) {
                if (x != 0) {
                    return false;
                }
            }
            return true;
        }

        private static String field(byte[] b, int offset, int length) {
            int end = offset;
            while (end < offset + length && b[end] != 0) {
                end++;
            }
            return new String(b, offset, end - offset, StandardCharsets.UTF_8);
        }

        private static long octal(byte[] b, int offset, int length) {
            String s = field(b, offset, length).trim();
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        }
    }
}
