package dev.switchboard.billing.reports.compare;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Today's prices: every model the gateway serves now, read from the catalog tables that gateway-service keeps (an
 * endpoint serves when its status is 0 and its provider is enabled, as the gateway's CatalogLoader decides). One
 * query over the whole catalog (hundreds of rows, no organization data); nothing is cached, so a price change counts
 * from the next report.
 */
@ApplicationScoped
public class ServingCatalog {

    @Inject
    EntityManager em;

    /** Serving models by id, in id order, each with its endpoints in provider order. */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public Map<String, CatalogModel> models() {
        List<Object[]> result = em.createNativeQuery("""
                        SELECT m.id, m.name, m.kind, e.provider_id, e.prompt_price_pico, e.completion_price_pico,
                               e.cache_read_price_pico, e.request_price_pico
                        FROM model_endpoints e
                        JOIN models m ON m.id = e.model_id
                        JOIN providers p ON p.id = e.provider_id
                        WHERE e.status = 0 AND p.enabled
                        ORDER BY m.id, e.provider_id""")
                .getResultList();
        Map<String, List<EndpointPrices>> endpoints = new LinkedHashMap<>();
        Map<String, Object[]> models = new LinkedHashMap<>();
        for (Object[] row : result) {
            String id = (String) row[0];
            models.putIfAbsent(id, row);
            endpoints.computeIfAbsent(id, k -> new ArrayList<>()).add(new EndpointPrices((String) row[3], number(row[4]),
                    number(row[5]), row[6] == null ? null : number(row[6]), number(row[7])));
        }
        Map<String, CatalogModel> catalog = new LinkedHashMap<>();
        models.forEach((id, row) -> catalog.put(id, new CatalogModel(id, (String) row[1], (String) row[2], List.copyOf(endpoints.get(id)))));
        return catalog;
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
