package dev.switchboard.accounts.invitations;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Sends the invitation e-mail, after the invitation is committed; a failure is logged, never the caller's problem. */
@ApplicationScoped
class InvitationMail {

    private static final Logger LOG = Logger.getLogger(InvitationMail.class);

    @Inject
    Mailer mailer;
    @ConfigProperty(name = "switchboard.accounts.invitation-mail", defaultValue = "false")
    boolean enabled;

    /** Whether the mail went out. */
    boolean send(String to, String organizationName, String role, String acceptUrl) {
        if (!enabled) {
            return false;
        }
        String text = """
                You have been invited to join the organization "%s" on Switchboard as %s.

                Accept the invitation (log in with this e-mail address): %s

                The link works once and expires in %d days. If you did not expect this, ignore this e-mail.
                """.formatted(organizationName, role, acceptUrl, InvitationService.VALIDITY.toDays());
        try {
            mailer.send(Mail.withText(to, "Invitation to " + organizationName + " on Switchboard", text));
            return true;
        } catch (RuntimeException e) {
            LOG.warnf(e, "Invitation e-mail to %s not sent", to);
            return false;
        }
    }
}
