package dev.switchboard.billing.reconciliation;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.io.PrintStream;

/**
 * billing-service's entry point. Without arguments it is the service. With {@code reconcile} it runs the
 * {@link Reconciler} once against the configured database, prints its progress and every discrepancy, and exits:
 * 0 when everything adds up, 1 when something does not, 2 for arguments it does not know. The command opens its HTTP
 * ports on free ones (unless told otherwise), so it can run on a host where the service is running.
 * <pre>java -jar billing-service/target/quarkus-app/quarkus-run.jar reconcile</pre>
 */
@QuarkusMain
public class BillingServiceMain implements QuarkusApplication {

    public static final String RECONCILE = "reconcile";
    static final int DISCREPANCIES = 1;
    static final int USAGE = 2;

    @Inject
    Reconciler reconciler;

    public static void main(String... args) {
        if (args.length > 0 && RECONCILE.equals(args[0])) {
            for (String port : new String[] {"quarkus.http.port", "quarkus.management.port"}) {
                if (System.getProperty(port) == null && System.getenv(port.toUpperCase().replace('.', '_')) == null) {
                    System.setProperty(port, "0");
                }
            }
        }
        Quarkus.run(BillingServiceMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        PrintStream out = System.out;
        if (args.length > 1 || !RECONCILE.equals(args[0])) {
            System.err.println("usage: quarkus-run.jar [" + RECONCILE + "]   (no argument: run the service)");
            return USAGE;
        }
        ReconciliationReport report = reconciler.reconcile(out::println);
        for (Discrepancy d : report.discrepancies()) {
            out.printf("DISCREPANCY organization %s %s: expected %s, actual %s, difference %s%s%n", d.organizationId(), d.check(),
                    d.expected().toPlainString(), d.actual().toPlainString(), d.difference().toPlainString(),
                    d.reference() == null ? "" : " (" + d.reference() + ")");
        }
        out.printf("reconcile: %d organizations checked, %d discrepancies%n", report.organizationsChecked(), report.discrepancies().size());
        out.flush();
        return report.ok() ? 0 : DISCREPANCIES;
    }
}
