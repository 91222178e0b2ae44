package dev.switchboard.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The checkout the tests read: poms, the services' sources and configuration, deploy/. Everything is read at test time. */
final class Project {

    static final Path ROOT = findRoot();

    private Project() {
    }

    private static Path findRoot() {
        String configured = System.getProperty("switchboard.project.root");
        if (configured != null && Files.isDirectory(Path.of(configured, "deploy", "k8s"))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/k8s")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the project root (a directory with pom.xml and deploy/k8s)");
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Document pom(Path pom) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            return f.newDocumentBuilder().parse(pom.toFile());
        } catch (Exception e) {
            throw new IllegalStateException("cannot parse " + pom, e);
        }
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    static Element child(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? null : c.get(0);
    }

    static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    static String version() {
        return text(pom(path("pom.xml")).getDocumentElement(), "version");
    }

    static List<String> modules() {
        Element modules = child(pom(path("pom.xml")).getDocumentElement(), "modules");
        return children(modules, "module").stream().map(e -> e.getTextContent().trim()).toList();
    }

    /** The properties of a profile of the parent pom (the images profile sets the image user, ports, …). */
    static Map<String, String> profileProperties(String profileId) {
        Element profiles = child(pom(path("pom.xml")).getDocumentElement(), "profiles");
        for (Element profile : children(profiles, "profile")) {
            if (profileId.equals(text(profile, "id"))) {
                Map<String, String> out = new LinkedHashMap<>();
                Element props = child(profile, "properties");
                for (Node n = props == null ? null : props.getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element e) {
                        out.put(e.getTagName(), e.getTextContent().trim());
                    }
                }
                return out;
            }
        }
        throw new IllegalStateException("the parent pom has no profile " + profileId);
    }

    /** io.quarkus artifacts a module's pom depends on (outside profiles), test scope only if asked. */
    static List<String> quarkusDependencies(Path pom, boolean withTestScope) {
        Element deps = child(pom(pom).getDocumentElement(), "dependencies");
        List<String> out = new ArrayList<>();
        for (Element d : children(deps, "dependency")) {
            if ("io.quarkus".equals(text(d, "groupId")) && (withTestScope || !"test".equals(text(d, "scope")))) {
                out.add(text(d, "artifactId"));
            }
        }
        return out;
    }

    /** The modules that are Quarkus applications: they build with quarkus-maven-plugin and have application.properties. */
    static List<ServiceConfig> services() {
        List<ServiceConfig> out = new ArrayList<>();
        for (String module : modules()) {
            Path dir = path(module);
            Path pom = dir.resolve("pom.xml");
            if (!Files.isRegularFile(pom) || !Files.isRegularFile(dir.resolve("src/main/resources/application.properties"))) {
                continue;
            }
            Element plugins = child(child(pom(pom).getDocumentElement(), "build"), "plugins");
            boolean quarkus = children(plugins, "plugin").stream()
                    .anyMatch(p -> "quarkus-maven-plugin".equals(text(p, "artifactId")));
            if (quarkus) {
                out.add(ServiceConfig.load(module, dir));
            }
        }
        return out;
    }

    /** A shell variable's value as deploy/local/lib.sh sets it (NAME=value). */
    static String libShVariable(String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "=([^\\s#]+)").matcher(read(path("deploy/local/lib.sh")));
        if (!m.find()) {
            throw new IllegalStateException("deploy/local/lib.sh sets no " + name);
        }
        return m.group(1);
    }
}
