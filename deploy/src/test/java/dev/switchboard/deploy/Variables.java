package dev.switchboard.deploy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Whether a service reads an environment variable a deployment sets. */
final class Variables {

    /**
     * Quarkus properties the deployments set on purpose although no service's configuration names them. Each must be a
     * run-time property of Quarkus (checked like every QUARKUS_ variable) and must be used (checked by the tests).
     */
    static final Map<String, String> DELIBERATE = Map.of(
            "QUARKUS_INIT_AND_EXIT", "the migration Job and the init containers run the start-up tasks (Flyway) and exit",
            "QUARKUS_FLYWAY_VALIDATE_AT_START", "the init containers fail while this image's migrations are not all applied");

    private Variables() {
    }

    static Optional<String> problem(ServiceConfig service, String variable) {
        if (!service.reads(variable) && !DELIBERATE.containsKey(variable)) {
            return Optional.of(variable + " is not read by " + service.name()
                    + " (no property, ${reference}, config mapping or catalog name of it gives this variable)");
        }
        if (variable.startsWith("QUARKUS_")) {
            List<QuarkusConfigModel.Property> props = QuarkusConfigModel.INSTANCE.byEnv(variable);
            if (props.isEmpty()) {
                return Optional.of(variable + " is no run-time property of the Quarkus extensions " + service.name()
                        + " uses (a build-time one cannot be changed in a container)");
            }
            if (props.stream().noneMatch(QuarkusConfigModel.Property::runtime)) {
                return Optional.of(variable + " sets " + props.get(0).name() + ", which is fixed when the image is built ("
                        + props.get(0).phase() + "): a container's value is ignored");
            }
        }
        return Optional.empty();
    }
}
