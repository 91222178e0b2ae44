package dev.switchboard.schema.accounts;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class MembershipRepository implements PanacheRepositoryBase<Membership, Membership.Key> {

    public List<Membership> listByUser(UUID userId) {
        return list("userId", userId);
    }

    /**
     * The tenancy question every service asks, written once: the user's role in an organization that is not
     * deleted, or empty when they are not a member (or it is gone), which callers answer as "not found".
     */
    public Optional<MemberRole> roleInLiveOrganization(UUID userId, UUID organizationId) {
        return getEntityManager().createQuery("""
                        SELECT m.role FROM Membership m, Organization o
                        WHERE m.organizationId = o.id AND m.userId = :user AND o.id = :org AND o.deletedAt IS NULL""",
                        MemberRole.class)
                .setParameter("user", userId)
                .setParameter("org", organizationId)
                .getResultStream().findFirst();
    }
}
