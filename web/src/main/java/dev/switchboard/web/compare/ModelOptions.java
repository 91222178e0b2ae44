package dev.switchboard.web.compare;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.List;

/**
 * The models a person can compare with: those the gateway serves now (an endpoint with status 0 at an enabled
 * provider, as billing's comparison requires), read from the catalog tables. Catalog data, not an organization's, so
 * no tenancy applies; a few hundred rows.
 */
@ApplicationScoped
public class ModelOptions {

    /** A model in the form's list; {@code kind} is chat or embedding. */
    public record Option(String id, String name, String kind) {
    }

    /** The options of one kind, under the label the form's {@code optgroup} shows. */
    public record Group(String label, List<Option> options) {
    }

    @Inject
    EntityManager em;

    /** Chat models, then embedding models, each by id; a kind without a served model is left out. */
    public List<Group> groups() {
        List<Option> served = served();
        List<Group> groups = new ArrayList<>();
        for (String kind : List.of("chat", "embedding")) {
            List<Option> ofKind = served.stream().filter(o -> kind.equals(o.kind())).toList();
            if (!ofKind.isEmpty()) {
                groups.add(new Group("chat".equals(kind) ? "Chat models" : "Embedding models", ofKind));
            }
        }
        return groups;
    }

    @SuppressWarnings("unchecked")
    List<Option> served() {
        List<Object[]> rows = em.createNativeQuery("""
                        SELECT m.id, m.name, m.kind FROM models m
                        WHERE EXISTS (SELECT 1 FROM model_endpoints e JOIN providers p ON p.id = e.provider_id
                                      WHERE e.model_id = m.id AND e.status = 0 AND p.enabled)
                        ORDER BY m.kind, m.id""")
                .getResultList();
        return rows.stream().map(r -> new Option((String) r[0], (String) r[1], (String) r[2])).toList();
    }
}
