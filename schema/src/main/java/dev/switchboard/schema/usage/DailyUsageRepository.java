package dev.switchboard.schema.usage;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class DailyUsageRepository implements PanacheRepositoryBase<DailyUsage, DailyUsage.Key> {
}
