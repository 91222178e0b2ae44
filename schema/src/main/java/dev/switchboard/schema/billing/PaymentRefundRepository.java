package dev.switchboard.schema.billing;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class PaymentRefundRepository implements PanacheRepositoryBase<PaymentRefund, UUID> {
}
