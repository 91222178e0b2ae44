package dev.switchboard.deploy;

/**
 * The health paths a service really serves on its management port, from its configuration and Quarkus' defaults:
 * {@code <management root>/<health root>/<live|ready|started>} (by default /q/health/live, …).
 */
record Health(String ready, String live, String started) {

    static Health of(ServiceConfig service) {
        QuarkusConfigModel model = QuarkusConfigModel.INSTANCE;
        String root = model.value(service, "quarkus.management.root-path");
        String health = model.value(service, "quarkus.smallrye-health.root-path");
        String base = join(root, health);
        return new Health(join(base, model.value(service, "quarkus.smallrye-health.readiness-path")),
                join(base, model.value(service, "quarkus.smallrye-health.liveness-path")),
                join(base, model.value(service, "quarkus.smallrye-health.startup-path")));
    }

    private static String join(String base, String path) {
        if (path.startsWith("/")) {
            return path;
        }
        return (base.endsWith("/") ? base : base + "/") + path;
    }
}
