package dev.switchboard.schema.billing;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class StripeEventRepository implements PanacheRepositoryBase<StripeEvent, String> {
}
