package dev.switchboard.testkit.stripe;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fake's hosted Checkout page ({@code GET /pay/{session id}}): the amount and line items, a card choice and the
 * Pay button (Save card in setup mode), as small plain HTML that a browser, Playwright or an HTTP client can drive.
 * The form posts {@code card=<number or async>} back to the same URL.
 */
final class CheckoutPage {

    /** The session as the page shows it, and its line items. */
    record View(JsonNode session, JsonNode lineItems) {
    }

    private CheckoutPage() {
    }

    /** The page of an open session, with an error line (a decline) or null. */
    static String open(View view, String error) {
        JsonNode session = view.session();
        boolean setup = "setup".equals(session.path("mode").asText());
        String id = session.path("id").asText();
        StringBuilder html = head(setup ? "Save your card" : "Pay");
        html.append("<main>\n");
        if (setup) {
            html.append("<h1>Save a card for later payments</h1>\n");
            html.append("<p>You will not be charged now.</p>\n");
        } else {
            String currency = session.path("currency").asText();
            html.append("<h1 id=\"amount\">Pay ")
                    .append(escape(StripeBackend.money(session.path("amount_total").asLong(), currency)))
                    .append("</h1>\n<ul id=\"line-items\">\n");
            for (JsonNode item : view.lineItems()) {
                html.append("<li>").append(escape(item.path("description").asText())).append(" × ")
                        .append(item.path("quantity").asLong()).append(": ")
                        .append(escape(StripeBackend.money(item.path("amount_total").asLong(), currency)))
                        .append("</li>\n");
            }
            html.append("</ul>\n");
        }
        String email = session.path("customer_email").textValue();
        if (email != null) {
            html.append("<p id=\"email\">").append(escape(email)).append("</p>\n");
        }
        if (error != null) {
            html.append("<p id=\"error\" role=\"alert\" class=\"error\">").append(escape(error)).append("</p>\n");
        }
        html.append("<form method=\"post\" action=\"/pay/").append(escape(id)).append("\">\n<fieldset>\n")
                .append("<legend>Card</legend>\n");
        radio(html, TestCards.VISA, "Visa 4242 4242 4242 4242 (succeeds)", true);
        if (setup) {
            radio(html, TestCards.ATTACH_THEN_DECLINE, "Visa 4000 0000 0000 0341 (saves, later charges decline)",
                    false);
            radio(html, TestCards.DECLINED, "Visa 4000 0000 0000 0002 (declined)", false);
        } else {
            radio(html, TestCards.DECLINED, "Visa 4000 0000 0000 0002 (declined)", false);
            radio(html, TestCards.INSUFFICIENT_FUNDS, "Visa 4000 0000 0000 9995 (insufficient funds)", false);
            radio(html, TestCards.ASYNC, "Bank account (delayed payment, settles later)", false);
        }
        html.append("</fieldset>\n<button type=\"submit\" id=\"submit\">").append(setup ? "Save card" : "Pay")
                .append("</button>\n</form>\n");
        String cancel = session.path("cancel_url").textValue();
        if (cancel != null) {
            html.append("<p><a id=\"cancel\" href=\"").append(escape(cancel)).append("\">Back</a></p>\n");
        }
        return html.append("</main>\n</body>\n</html>\n").toString();
    }

    /** The page of a session that cannot be paid (any more): complete, expired or unknown. */
    static String closed(String title, String message) {
        return head(title).append("<main>\n<h1>").append(escape(title)).append("</h1>\n<p id=\"message\">")
                .append(escape(message)).append("</p>\n</main>\n</body>\n</html>\n").toString();
    }

    private static void radio(StringBuilder html, String value, String label, boolean checked) {
        html.append("<label><input type=\"radio\" name=\"card\" value=\"").append(escape(value)).append('"')
                .append(checked ? " checked" : "").append("> ").append(escape(label)).append("</label><br>\n");
    }

    private static StringBuilder head(String title) {
        return new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append(" · Fake Stripe Checkout</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:32rem;margin:2rem auto}"
                        + ".error{color:#b00020}</style>\n</head>\n<body>\n");
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
