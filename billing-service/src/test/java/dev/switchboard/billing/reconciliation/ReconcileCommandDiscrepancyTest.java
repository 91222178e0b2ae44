package dev.switchboard.billing.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/** {@code quarkus-run.jar reconcile} with one unbilled generation planted: it names the organization and the amount, exit 1. */
@QuarkusMainTest
@WithTestResource(value = ReconcileDatabaseResource.class, initArgs = @ResourceArg(name = "plant", value = "true"))
class ReconcileCommandDiscrepancyTest {

    @Test
    @Launch(value = BillingServiceMain.RECONCILE, exitCode = BillingServiceMain.DISCREPANCIES)
    void exits_1_and_names_the_organization_and_the_amount(LaunchResult result) {
        String planted = System.getProperty(ReconcileDatabaseResource.PLANTED);
        assertThat(result.getOutput())
                .contains("Σ usage entries = −(Σ generations + Σ parked not replayed); daily_usage = Σ generations: 1 discrepancy")
                .contains("DISCREPANCY organization " + planted
                        + " usage: expected -0.001236198, actual -0.001236156, difference 0.000000042")
                .contains("reconcile: 2 organizations checked, 1 discrepancies");
    }
}
