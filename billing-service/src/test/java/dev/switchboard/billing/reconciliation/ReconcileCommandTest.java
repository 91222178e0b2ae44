package dev.switchboard.billing.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/** {@code quarkus-run.jar reconcile} on a database where everything adds up: progress, no discrepancy, exit code 0. */
@QuarkusMainTest
@WithTestResource(ReconcileDatabaseResource.class)
class ReconcileCommandTest {

    @Test
    @Launch(BillingServiceMain.RECONCILE)
    void exits_0_when_everything_adds_up(LaunchResult result) {
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput())
                .contains("reconciling 2 organizations")
                .contains("balance = Σ ledger: ok")
                .contains("paid payments credited once, their fee charged once: ok")
                .contains("reconcile: 2 organizations checked, 0 discrepancies")
                .doesNotContain("DISCREPANCY");
    }

    @Test
    @Launch(value = {BillingServiceMain.RECONCILE, "--everything"}, exitCode = BillingServiceMain.USAGE)
    void exits_2_for_arguments_it_does_not_know(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("usage:");
    }
}
