package dev.switchboard.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks one rendered overlay against the services' own configuration and sources (its Ingress in {@link IngressChecks});
 * returns what is wrong, one line per problem. Kept apart from the tests so that {@link KubernetesDriftTest} can prove
 * each check fails on a broken manifest.
 */
final class KubernetesChecks {

    /** The images' working directory (deploy/images/base-image.sh), where a relative directory of a service is. */
    private static final String WORKING_DIRECTORY = "/home/jboss";
    /** Directories the services write, by property: each must be on a volume (checkWrittenDirectories). */
    private static final Map<String, String> WRITTEN_DIRECTORIES = Map.of(
            "switchboard.gateway.metering.journal.directory", "the metering journal");

    private final List<ServiceConfig> services;
    private final List<Map<String, Object>> resources;
    /** Secrets and ConfigMaps the operator creates (the *.template.yaml files), by kind/name, with their keys. */
    private final List<Map<String, Object>> templates;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> usedConfigKeys = new HashSet<>();

    KubernetesChecks(List<ServiceConfig> services, List<Map<String, Object>> resources, List<Map<String, Object>> templates) {
        this.services = services;
        this.resources = resources;
        this.templates = templates;
    }

    List<String> run() {
        for (ServiceConfig service : services) {
            checkService(service);
        }
        checkMigrationJob();
        checkOtherWorkloads();
        checkConfigKeysUsed();
        problems.addAll(new IngressChecks(services, resources).run());
        checkResourcesEverywhere();
        return problems;
    }

    // ---- the four services

    private void checkService(ServiceConfig s) {
        Map<String, Object> d = find("Deployment", s.name());
        if (d == null) {
            problems.add(s.name() + ": no Deployment named " + s.name());
            return;
        }
        String where = "Deployment/" + s.name();
        Map<String, Object> pod = Yaml.map(Yaml.at(d, "spec", "template", "spec"));
        Map<String, Object> main = Yaml.maps(pod.get("containers")).stream()
                .filter(c -> s.name().equals(c.get("name"))).findFirst().orElse(null);
        if (main == null) {
            problems.add(where + ": no container named " + s.name());
            return;
        }
        String image = Yaml.str(main.get("image"));
        if (image == null || !Kustomize.repository(image).endsWith("switchboard/" + s.name())) {
            problems.add(where + ": image " + image + " is not switchboard/" + s.name());
        }

        // ports: exactly the service's HTTP and management ports, named http and management
        Map<String, Integer> ports = new java.util.LinkedHashMap<>();
        Yaml.maps(main.get("ports")).forEach(p -> ports.put(Yaml.str(p.get("name")), (Integer) p.get("containerPort")));
        Map<String, Integer> expected = Map.of("http", s.httpPort(), "management", s.managementPort());
        if (!ports.equals(expected)) {
            problems.add(where + ": container ports " + ports + ", but the service listens on " + expected
                    + " (quarkus.http.port, quarkus.management.port)");
        }

        // probes: the real Quarkus health paths, on the management port
        Health health = Health.of(s);
        probe(where, "readinessProbe", main, health.ready(), ports, s);
        probe(where, "livenessProbe", main, health.live(), ports, s);
        probe(where, "startupProbe", main, health.started(), ports, s);

        // graceful stop: the grace period covers the preStop pause and Quarkus' drain
        int grace = pod.containsKey("terminationGracePeriodSeconds") ? (Integer) pod.get("terminationGracePeriodSeconds") : 30;
        int preStop = Optional.ofNullable((Integer) Yaml.at(main, "lifecycle", "preStop", "sleep", "seconds")).orElse(0);
        long drain = s.shutdownTimeout().map(Duration::toSeconds).orElse(0L);
        if (grace <= preStop + drain) {
            problems.add(where + ": terminationGracePeriodSeconds " + grace + " does not exceed the preStop pause (" + preStop
                    + " s) plus quarkus.shutdown.timeout (" + drain + " s): the kubelet would kill it while it drains");
        }
        if (!Objects.equals(Yaml.at(d, "spec", "strategy", "rollingUpdate", "maxUnavailable"), 0)) {
            problems.add(where + ": a rolling update must keep every ready pod until its replacement is ready (maxUnavailable: 0)");
        }
        checkSecurity(where, pod);

        // environment: the main container runs the service; it must get what the service needs
        Env env = Env.of(main);
        checkEnv(where + " container " + s.name(), s, env);
        Set<String> set = provided(env);
        for (String required : s.requiredVariables()) {
            if (!set.contains(required)) {
                problems.add(where + ": " + required + " has no default in " + s.name() + "'s configuration and is not set");
            }
        }
        s.loopbackProperties(set).forEach((property, value) -> problems.add(where + ": " + property + " would be " + value
                + ", this container itself; set " + ServiceConfig.envName(property) + " or the variable it references"));
        for (String secret : s.secretVariables()) {
            Env.Var v = env.get(secret);
            boolean fromEnvFromSecret = v == null && env.from().stream().anyMatch(f -> f.source() == Env.Source.SECRET
                    && keys("Secret", f.object()).contains(secret));
            if (v == null && !fromEnvFromSecret) {
                problems.add(where + ": " + secret + " (a credential " + s.name() + " reads) is not set from a Secret");
            } else if (v != null && v.source() != Env.Source.SECRET) {
                problems.add(where + ": " + secret + " is a credential: take it from a Secret, not " + v.source());
            }
        }
        // the Job migrates; a replica does not, and waits in an init container for this image's migrations
        if ("true".equals(s.properties().get("quarkus.flyway.migrate-at-start"))) {
            Env.Var migrate = env.get("QUARKUS_FLYWAY_MIGRATE_AT_START");
            if (migrate == null || !"false".equals(migrate.value())) {
                problems.add(where + ": QUARKUS_FLYWAY_MIGRATE_AT_START must be \"false\" (the Job switchboard-migrate migrates)");
            }
            List<Map<String, Object>> inits = Yaml.maps(pod.get("initContainers"));
            Map<String, Object> wait = inits.stream().filter(c -> "wait-for-schema".equals(c.get("name"))).findFirst().orElse(null);
            if (wait == null) {
                problems.add(where + ": no init container wait-for-schema: a new release would serve before its migrations ran");
            } else {
                Env we = Env.of(wait);
                if (!Objects.equals(wait.get("image"), main.get("image"))) {
                    problems.add(where + ": wait-for-schema runs " + wait.get("image") + ", not the service's own image "
                            + main.get("image") + " (it must check the migrations this release carries)");
                }
                expectValue(where + " wait-for-schema", we, "QUARKUS_INIT_AND_EXIT", "true");
                expectValue(where + " wait-for-schema", we, "QUARKUS_FLYWAY_MIGRATE_AT_START", "false");
                expectValue(where + " wait-for-schema", we, "QUARKUS_FLYWAY_VALIDATE_AT_START", "true");
            }
        }
        for (Map<String, Object> init : Yaml.maps(pod.get("initContainers"))) {
            if (Objects.equals(init.get("image"), main.get("image"))) {
                checkEnv(where + " init container " + init.get("name"), s, Env.of(init));
            }
        }

        checkVolumes(where, pod);
        checkWrittenDirectories(where, s, main, pod, env);
        Map<String, String> podLabels = labels(Yaml.at(d, "spec", "template", "metadata", "labels"));
        checkServiceObject(s, podLabels);
        checkPdb(s, podLabels);
        checkHpa(s, d);
    }

    private void probe(String where, String kind, Map<String, Object> c, String path, Map<String, Integer> ports, ServiceConfig s) {
        Map<String, Object> get = Yaml.map(Yaml.at(c, kind, "httpGet"));
        if (get.isEmpty()) {
            problems.add(where + ": no " + kind + " (httpGet " + path + " on the management port)");
            return;
        }
        if (!path.equals(get.get("path"))) {
            problems.add(where + ": " + kind + " asks " + get.get("path") + "; Quarkus serves " + path);
        }
        Object port = get.get("port");
        Integer number = port instanceof Integer i ? i : ports.get(String.valueOf(port));
        if (!Objects.equals(number, s.managementPort())) {
            problems.add(where + ": " + kind + " asks port " + port + "; health is served on the management port "
                    + s.managementPort() + " only");
        }
    }

    private void checkSecurity(String where, Map<String, Object> pod) {
        Map<String, Object> sc = Yaml.map(pod.get("securityContext"));
        if (!Boolean.TRUE.equals(sc.get("runAsNonRoot"))) {
            problems.add(where + ": runAsNonRoot is not true");
        }
        String imageUser = Project.profileProperties("images").get("quarkus.jib.user");
        String uid = imageUser == null ? null : imageUser.split(":")[0];
        if (!Objects.equals(String.valueOf(sc.get("runAsUser")), uid)) {
            problems.add(where + ": runAsUser " + sc.get("runAsUser") + " is not the images' user " + uid
                    + " (quarkus.jib.user in the parent pom's images profile)");
        }
    }

    private void expectValue(String where, Env env, String name, String value) {
        Env.Var v = env.get(name);
        if (v == null || !value.equals(v.value())) {
            problems.add(where + ": " + name + " must be \"" + value + "\"");
        }
    }

    /** Every variable a container of this service's image is given: read by the service, from keys that exist. */
    private void checkEnv(String where, ServiceConfig s, Env env) {
        Set<String> names = new HashSet<>();
        for (Env.Var v : env.vars()) {
            if (!names.add(v.name())) {
                problems.add(where + ": " + v.name() + " is set twice");
            }
            Variables.problem(s, v.name()).ifPresent(p -> problems.add(where + ": " + p));
            reference(where, v);
        }
        for (Env.From f : env.from()) {
            String kind = f.source() == Env.Source.SECRET ? "Secret" : "ConfigMap";
            Set<String> keys = keys(kind, f.object());
            if (keys.isEmpty() && find(kind, f.object()) == null && template(kind, f.object()) == null) {
                problems.add(where + ": envFrom " + kind + " " + f.object() + " exists neither in the overlay nor in a template");
            }
            for (String key : keys) {
                Variables.problem(s, key).ifPresent(p -> problems.add(where + ": envFrom " + kind + " " + f.object() + ": " + p));
            }
        }
    }

    private void reference(String where, Env.Var v) {
        if (v.source() == Env.Source.CONFIG_MAP || v.source() == Env.Source.SECRET) {
            String kind = v.source() == Env.Source.SECRET ? "Secret" : "ConfigMap";
            if (kind.equals("ConfigMap")) {
                usedConfigKeys.add(v.object() + "/" + v.key());
            }
            if (find(kind, v.object()) == null && template(kind, v.object()) == null) {
                problems.add(where + ": " + v.name() + " refers to " + kind + " " + v.object()
                        + ", which exists neither in the overlay nor in a template");
            } else if (!keys(kind, v.object()).contains(v.key()) && !v.optional()) {
                problems.add(where + ": " + v.name() + " refers to key " + v.key() + " of " + kind + " " + v.object()
                        + ", which has " + keys(kind, v.object()));
            }
        }
    }

    private void checkVolumes(String where, Map<String, Object> pod) {
        for (Map<String, Object> volume : Yaml.maps(pod.get("volumes"))) {
            Object cm = Yaml.at(volume, "configMap", "name");
            Object secret = Yaml.at(volume, "secret", "secretName");
            if (cm != null && find("ConfigMap", cm.toString()) == null && template("ConfigMap", cm.toString()) == null) {
                problems.add(where + ": volume " + volume.get("name") + " mounts ConfigMap " + cm + ", defined nowhere");
            }
            if (secret != null && find("Secret", secret.toString()) == null && template("Secret", secret.toString()) == null) {
                problems.add(where + ": volume " + volume.get("name") + " mounts Secret " + secret + ", defined nowhere");
            }
        }
        Set<String> volumes = new HashSet<>();
        Yaml.maps(pod.get("volumes")).forEach(v -> volumes.add(Yaml.str(v.get("name"))));
        List<Map<String, Object>> all = new ArrayList<>(Yaml.maps(pod.get("initContainers")));
        all.addAll(Yaml.maps(pod.get("containers")));
        for (Map<String, Object> c : all) {
            for (Map<String, Object> m : Yaml.maps(c.get("volumeMounts"))) {
                if (!volumes.contains(Yaml.str(m.get("name")))) {
                    problems.add(where + ": container " + c.get("name") + " mounts volume " + m.get("name") + ", which the pod lacks");
                }
            }
        }
    }

    /**
     * Each directory a service writes is on a volume of the pod's own: the root filesystem is read-only, and the
     * gateway's metering journal must outlive its container and belong to one replica alone.
     */
    private void checkWrittenDirectories(String where, ServiceConfig s, Map<String, Object> main, Map<String, Object> pod, Env env) {
        WRITTEN_DIRECTORIES.forEach((property, what) -> {
            String raw = s.properties().get(property);
            if (raw == null) {
                return;
            }
            Env.Var own = env.get(ServiceConfig.envName(property));
            Map<String, ServiceConfig.Reference> references = new LinkedHashMap<>();
            ServiceConfig.references(raw, references);
            Env.Var referenced = references.values().stream().map(r -> env.get(r.variable())).filter(Objects::nonNull).findFirst().orElse(null);
            Env.Var set = own != null ? own : referenced;
            if (set != null && set.value() == null) {
                problems.add(where + ": " + set.name() + " (" + what + ") comes from a " + set.source()
                        + "; give it as a value, so that its volume can be checked");
                return;
            }
            String value = set != null ? set.value() : s.resolve(raw, Set.of());
            String path = value.startsWith("/") ? value : WORKING_DIRECTORY + "/" + value;
            Map<String, Object> mount = Yaml.maps(main.get("volumeMounts")).stream()
                    .filter(m -> path.equals(m.get("mountPath")) || path.startsWith(Yaml.str(m.get("mountPath")) + "/"))
                    .findFirst().orElse(null);
            Map<String, Object> volume = mount == null ? null : Yaml.maps(pod.get("volumes")).stream()
                    .filter(v -> Objects.equals(v.get("name"), mount.get("name"))).findFirst().orElse(null);
            if (volume == null) {
                if (Boolean.TRUE.equals(Yaml.at(main, "securityContext", "readOnlyRootFilesystem"))) {
                    problems.add(where + ": " + what + " (" + property + " = " + path + ") is on no volume, and the root "
                            + "filesystem is read-only: the service cannot start");
                }
            } else if (volume.containsKey("persistentVolumeClaim")) {
                problems.add(where + ": " + what + " (" + path + ") is on persistentVolumeClaim " + Yaml.at(volume, "persistentVolumeClaim", "claimName")
                        + ", which every replica of a Deployment shares; each needs its own (an emptyDir, or a StatefulSet's volumeClaimTemplates)");
            } else if (!volume.containsKey("emptyDir") && !volume.containsKey("ephemeral")) {
                problems.add(where + ": " + what + " (" + path + ") is on volume " + volume.get("name") + ", which is not writable storage");
            }
        });
    }

    private void checkServiceObject(ServiceConfig s, Map<String, String> podLabels) {
        Map<String, Object> svc = find("Service", s.name());
        if (svc == null) {
            problems.add(s.name() + ": no Service named " + s.name());
            return;
        }
        Map<String, String> selector = labels(Yaml.at(svc, "spec", "selector"));
        if (selector.isEmpty() || !podLabels.entrySet().containsAll(selector.entrySet())) {
            problems.add("Service/" + s.name() + ": selector " + selector + " does not select the pods " + podLabels);
        }
        boolean http = Yaml.maps(Yaml.at(svc, "spec", "ports")).stream().anyMatch(p ->
                "http".equals(p.get("targetPort")) || Objects.equals(p.get("targetPort"), s.httpPort()));
        if (!http) {
            problems.add("Service/" + s.name() + ": no port targets the service's HTTP port " + s.httpPort());
        }
    }

    private void checkPdb(ServiceConfig s, Map<String, String> podLabels) {
        boolean covered = resources.stream().filter(r -> "PodDisruptionBudget".equals(r.get("kind"))).anyMatch(r -> {
            Map<String, String> sel = labels(Yaml.at(r, "spec", "selector", "matchLabels"));
            return !sel.isEmpty() && podLabels.entrySet().containsAll(sel.entrySet());
        });
        if (!covered) {
            problems.add(s.name() + ": no PodDisruptionBudget selects its pods " + podLabels);
        }
    }

    private void checkHpa(ServiceConfig s, Map<String, Object> deployment) {
        Map<String, Object> hpa = resources.stream().filter(r -> "HorizontalPodAutoscaler".equals(r.get("kind"))
                && s.name().equals(Yaml.at(r, "spec", "scaleTargetRef", "name"))).findFirst().orElse(null);
        if (hpa == null) {
            if (s.module().equals("gateway-service")) {
                problems.add(s.name() + ": no HorizontalPodAutoscaler scales the gateway");
            }
            return;
        }
        if (!"Deployment".equals(Yaml.at(hpa, "spec", "scaleTargetRef", "kind"))) {
            problems.add("HorizontalPodAutoscaler for " + s.name() + " does not target its Deployment");
        }
        Integer min = (Integer) Yaml.at(hpa, "spec", "minReplicas");
        Integer max = (Integer) Yaml.at(hpa, "spec", "maxReplicas");
        if (min == null || max == null || min < 1 || min > max) {
            problems.add("HorizontalPodAutoscaler for " + s.name() + ": minReplicas " + min + ", maxReplicas " + max);
        }
        if (Yaml.at(deployment, "spec", "replicas") != null) {
            problems.add("Deployment/" + s.name() + ": sets replicas although an HPA scales it (every apply would reset the count)");
        }
        Map<String, Object> main = Yaml.maps(Yaml.at(deployment, "spec", "template", "spec", "containers")).get(0);
        if (Yaml.at(main, "resources", "requests", "cpu") == null) {
            problems.add("Deployment/" + s.name() + ": the HPA scales on CPU, but the container requests none");
        }
    }

    // ---- the migration Job

    private void checkMigrationJob() {
        List<Map<String, Object>> jobs = resources.stream().filter(r -> "Job".equals(r.get("kind"))).toList();
        boolean migrates = services.stream().anyMatch(s -> "true".equals(s.properties().get("quarkus.flyway.migrate-at-start")));
        if (migrates && jobs.isEmpty()) {
            problems.add("no Job migrates the schema, and the services do not (QUARKUS_FLYWAY_MIGRATE_AT_START=false)");
        }
        for (Map<String, Object> job : jobs) {
            String where = Kustomize.id(job);
            List<Map<String, Object>> containers = Kustomize.containers(job);
            if (containers.size() != 1) {
                problems.add(where + ": expected one container, found " + containers.size());
                continue;
            }
            Map<String, Object> c = containers.get(0);
            ServiceConfig s = serviceOfImage(Yaml.str(c.get("image")));
            if (s == null) {
                problems.add(where + ": runs " + c.get("image") + ", which is no service image");
                continue;
            }
            Env env = Env.of(c);
            checkEnv(where, s, env);
            expectValue(where, env, "QUARKUS_INIT_AND_EXIT", "true");
            expectValue(where, env, "QUARKUS_FLYWAY_MIGRATE_AT_START", "true");
            for (String v : List.of("SWITCHBOARD_DB_JDBC_URL", "SWITCHBOARD_DB_USER", "SWITCHBOARD_DB_PASSWORD")) {
                if (s.reads(v) && env.get(v) == null) {
                    problems.add(where + ": " + v + " is not set: it would migrate the default database");
                }
            }
            checkSecurity(where, Yaml.map(Yaml.at(job, "spec", "template", "spec")));
            checkVolumes(where, Yaml.map(Yaml.at(job, "spec", "template", "spec")));
        }
    }

    // ---- everything else that runs: references resolve; the testkit fakes get only variables they read

    private void checkOtherWorkloads() {
        Set<String> serviceNames = new HashSet<>();
        services.forEach(s -> serviceNames.add(s.name()));
        for (Map<String, Object> r : resources) {
            if (!"Deployment".equals(r.get("kind")) || serviceNames.contains(Yaml.str(Yaml.at(r, "metadata", "name")))) {
                continue;
            }
            String where = Kustomize.id(r);
            checkVolumes(where, Yaml.map(Yaml.at(r, "spec", "template", "spec")));
            for (Map<String, Object> c : Kustomize.containers(r)) {
                Env env = Env.of(c);
                env.vars().forEach(v -> reference(where, v));
                String image = Yaml.str(c.get("image"));
                if (image != null && Kustomize.repository(image).endsWith("switchboard/testkit-fakes")) {
                    checkFake(where, c, env);
                }
                if (image != null && Kustomize.repository(image).endsWith("keycloak/keycloak")) {
                    String version = Project.libShVariable("KEYCLOAK_VERSION");
                    if (!version.equals(Kustomize.tag(image))) {
                        problems.add(where + ": Keycloak " + Kustomize.tag(image) + ", but the platform runs " + version
                                + " (KEYCLOAK_VERSION in deploy/local/lib.sh)");
                    }
                }
            }
        }
    }

    /** The fakes' command names a main class of the testkit, and their variables are ones that main reads. */
    private void checkFake(String where, Map<String, Object> c, Env env) {
        List<Object> args = Yaml.list(c.get("args"));
        String main = args.isEmpty() ? null : String.valueOf(args.get(0));
        java.nio.file.Path source = main == null ? null
                : Project.path("testkit/src/main/java/" + main.replace('.', '/') + ".java");
        if (source == null || !java.nio.file.Files.isRegularFile(source)) {
            problems.add(where + ": args start with " + main + ", which is no class of the testkit");
            return;
        }
        String code = Project.read(source);
        for (Env.Var v : env.vars()) {
            if (!code.contains("\"" + v.name() + "\"")) {
                problems.add(where + ": " + v.name() + " is not read by " + main);
            }
        }
    }

    private void checkConfigKeysUsed() {
        for (Map<String, Object> cm : resources) {
            if (!"ConfigMap".equals(cm.get("kind")) || !"switchboard-config".equals(Yaml.at(cm, "metadata", "name"))) {
                continue;
            }
            for (String key : Yaml.map(cm.get("data")).keySet()) {
                if (!usedConfigKeys.contains("switchboard-config/" + key)) {
                    problems.add("ConfigMap switchboard-config: " + key + " is given to no container");
                }
            }
        }
    }

    // ---- every container of every workload has requests and limits

    private void checkResourcesEverywhere() {
        for (Map<String, Object> r : resources) {
            for (Map<String, Object> c : Kustomize.containers(r)) {
                for (String kind : List.of("requests", "limits")) {
                    for (String res : List.of("cpu", "memory")) {
                        if (Yaml.at(c, "resources", kind, res) == null) {
                            problems.add(Kustomize.id(r) + " container " + c.get("name") + ": no " + res + " " + kind);
                        }
                    }
                }
            }
        }
    }

    // ---- helpers

    private Map<String, Object> find(String kind, String name) {
        return resources.stream().filter(r -> kind.equals(r.get("kind")) && name.equals(Yaml.at(r, "metadata", "name")))
                .findFirst().orElse(null);
    }

    private Map<String, Object> template(String kind, String name) {
        return templates.stream().filter(r -> kind.equals(r.get("kind")) && name.equals(Yaml.at(r, "metadata", "name")))
                .findFirst().orElse(null);
    }

    /** The keys of a Secret or ConfigMap, from the overlay if it has it, else from its template. */
    private Set<String> keys(String kind, String name) {
        Map<String, Object> r = Optional.ofNullable(find(kind, name)).orElse(template(kind, name));
        Set<String> out = new LinkedHashSet<>();
        if (r != null) {
            out.addAll(Yaml.map(r.get("data")).keySet());
            out.addAll(Yaml.map(r.get("stringData")).keySet());
        }
        return out;
    }

    private Set<String> provided(Env env) {
        Set<String> out = new HashSet<>();
        env.vars().forEach(v -> out.add(v.name()));
        env.from().forEach(f -> out.addAll(keys(f.source() == Env.Source.SECRET ? "Secret" : "ConfigMap", f.object())));
        return out;
    }

    private ServiceConfig serviceOfImage(String image) {
        return image == null ? null : services.stream()
                .filter(s -> Kustomize.repository(image).endsWith("switchboard/" + s.name())).findFirst().orElse(null);
    }

    private static Map<String, String> labels(Object o) {
        Map<String, String> out = new java.util.TreeMap<>();
        Yaml.map(o).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
