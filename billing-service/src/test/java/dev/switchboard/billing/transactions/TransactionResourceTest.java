package dev.switchboard.billing.transactions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.billing.BillingFixture.Member;
import dev.switchboard.billing.BillingTestBase;
import dev.switchboard.billing.reports.CsvText;
import dev.switchboard.billing.reports.ExactJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TransactionResourceTest extends BillingTestBase {

    @Test
    void a_paid_purchase_lists_its_fee_above_it_and_the_running_balance_never_shows_a_balance_that_did_not_exist() {
        Member owner = fixture.owner("Ada", 0);
        dev.switchboard.billing.payments.Purchases purchases = new dev.switchboard.billing.payments.Purchases(fixture, stripe);
        for (int i = 0; i < 3; i++) { // a few purchases, so that a tie broken by chance cannot pass by luck
            purchases.buy(owner, "10");
        }
        JsonNode page = ExactJson.read(fixture.as(owner).get("/organizations/{org}/transactions", owner.organizationId())
                .then().statusCode(200).extract().asString());
        List<String> lines = new ArrayList<>();
        for (JsonNode line : page.path("data")) {
            lines.add(line.path("kind").asText() + " " + line.path("amount").asText() + " → " + line.path("balance_after").asText());
        }
        assertThat(lines).containsExactly( // newest first: each fee right after (above) its purchase
                "fee -0.8 → 30", "purchase 10.8 → 30.8", "fee -0.8 → 20", "purchase 10.8 → 20.8", "fee -0.8 → 10", "purchase 10.8 → 10.8");
    }

    record Statement(Member ada, Member bob, LocalDate d1, LocalDate d2, LocalDate d3, LocalDate today) {
        UUID org() {
            return ada.organizationId();
        }
    }

    /**
     * <pre>
     * D1 09:00 purchase +10 (by Ada) · D1 10:00 fee −0.55 · D1 usage −0.1, −0.2, −0.000000001 (the last at 23:59:59.999999)
     * D2 08:00 promo +5 · D2 usage −1, −0.5
     * D3 00:00:00 adjustment −0.25 (exactly when D2's usage line is booked: the entry comes first) · D3 12:00 refund −2
     * today 00:00:01 usage −0.3
     * </pre>
     * Newest first: usage today, refund, adjustment, usage D2, promo, usage D1, fee, purchase; balance 10.099999999.
     */
    Statement seed() {
        Member ada = fixture.owner("Ada", 0);
        Member bob = fixture.join(ada, "Bob", "member");
        LedgerRows ledger = new LedgerRows(fixture.tenants());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate d1 = today.minusDays(3);
        LocalDate d2 = today.minusDays(2);
        LocalDate d3 = today.minusDays(1);
        UUID org = ada.organizationId();
        String tag = UUID.randomUUID().toString();
        ledger.entry(org, "purchase", 10_000_000_000L, "cs_" + tag, at(d1, 9, 0), ada.userId());
        ledger.entry(org, "fee", -550_000_000L, "fee_" + tag, at(d1, 10, 0), null);
        ledger.usage(org, -100_000_000L, at(d1, 11, 0));
        ledger.usage(org, -200_000_000L, at(d1, 15, 0));
        ledger.usage(org, -1L, d2.atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1000));
        ledger.entry(org, "promo", 5_000_000_000L, "promo_" + tag, at(d2, 8, 0), null);
        ledger.usage(org, -1_000_000_000L, at(d2, 9, 0));
        ledger.usage(org, -500_000_000L, at(d2, 18, 0));
        ledger.entry(org, "adjustment", -250_000_000L, null, d3.atStartOfDay(ZoneOffset.UTC).toInstant(), bob.userId());
        ledger.entry(org, "refund", -2_000_000_000L, "re_" + tag, at(d3, 12, 0), ada.userId());
        ledger.usage(org, -300_000_000L, today.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(1));
        return new Statement(ada, bob, d1, d2, d3, today);
    }

    private static Instant at(LocalDate day, int hour, int minute) {
        return day.atTime(LocalTime.of(hour, minute)).toInstant(ZoneOffset.UTC);
    }

    /** kind, day, amount, balance_after, entries of each line */
    private static List<String> summary(JsonNode page) {
        List<String> lines = new ArrayList<>();
        for (Map<String, String> line : ExactJson.rows(page.path("data"))) {
            lines.add(line.get("kind") + " " + line.get("day") + " " + line.get("amount") + " " + line.get("balance_after") + " " + line.get("entries"));
        }
        return lines;
    }

    @Test
    void the_statement_lists_entries_and_one_usage_line_per_utc_day_newest_first_with_the_running_balance() {
        Statement s = seed();
        JsonNode page = page(s.bob(), s.org(), ""); // any member
        assertThat(page.path("organization_id").asText()).isEqualTo(s.org().toString());
        assertThat(page.path("timezone").asText()).isEqualTo("UTC");
        assertThat(page.path("has_more").asBoolean()).isFalse();
        assertThat(page.path("next_cursor").isNull()).isTrue();
        assertThat(summary(page)).containsExactly(
                "usage " + s.today() + " -0.3 10.099999999 1",
                "refund " + s.d3() + " -2 10.399999999 1",
                "adjustment " + s.d3() + " -0.25 12.399999999 1",
                "usage " + s.d2() + " -1.5 12.649999999 2",
                "promo " + s.d2() + " 5 14.149999999 1",
                "usage " + s.d1() + " -0.300000001 9.149999999 3",
                "fee " + s.d1() + " -0.55 9.45 1",
                "purchase " + s.d1() + " 10 10 1");
        Map<String, String> purchase = ExactJson.texts(page.path("data").get(7));
        assertThat(purchase.get("created_by")).isEqualTo(s.ada().userId().toString());
        assertThat(purchase.get("external_reference")).startsWith("cs_");
        assertThat(purchase.get("id")).isNotNull();
        assertThat(purchase.get("created_at")).isEqualTo(at(s.d1(), 9, 0).toString());
        Map<String, String> usageD1 = ExactJson.texts(page.path("data").get(5));
        assertThat(usageD1.get("id")).isNull();
        assertThat(usageD1.get("created_at")).isEqualTo(s.d2().atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1000).toString());
        assertThat(usageD1.get("description")).isEqualTo("Usage on " + s.d1() + " (UTC)");
        // the top line's balance is the organization's balance
        fixture.as(s.ada()).get("/organizations/{org}/balance", s.org()).then().body("balance", equalTo(10.099999999f));
    }

    @Test
    void pages_follow_the_cursor_without_duplicates_or_gaps_while_newer_entries_arrive() {
        Statement s = seed();
        JsonNode first = page(s.ada(), s.org(), "?limit=3");
        assertThat(first.path("has_more").asBoolean()).isTrue();
        assertThat(summary(first)).containsExactly(
                "usage " + s.today() + " -0.3 10.099999999 1",
                "refund " + s.d3() + " -2 10.399999999 1",
                "adjustment " + s.d3() + " -0.25 12.399999999 1");

        // between pages: a purchase and more usage today; both sort above the cursor
        LedgerRows ledger = new LedgerRows(fixture.tenants());
        ledger.entry(s.org(), "purchase", 1_000_000_000L, "cs_" + UUID.randomUUID(), Instant.now(), s.ada().userId());
        ledger.usage(s.org(), -7L, Instant.now());

        JsonNode second = page(s.ada(), s.org(), "?limit=3&before=" + first.path("next_cursor").asText());
        assertThat(summary(second)).containsExactly(
                "usage " + s.d2() + " -1.5 12.649999999 2",
                "promo " + s.d2() + " 5 14.149999999 1",
                "usage " + s.d1() + " -0.300000001 9.149999999 3");
        JsonNode third = page(s.ada(), s.org(), "?limit=3&before=" + second.path("next_cursor").asText());
        assertThat(summary(third)).containsExactly(
                "fee " + s.d1() + " -0.55 9.45 1",
                "purchase " + s.d1() + " 10 10 1");
        assertThat(third.path("has_more").asBoolean()).isFalse();
        assertThat(third.path("next_cursor").isNull()).isTrue();

        // read again from the top: the new purchase, and today's usage line grown by the new entry
        // (balance 10.099999999 + 1 − 0.000000007 = 11.099999992; before today's usage: + 0.300000007)
        assertThat(summary(page(s.ada(), s.org(), "?limit=2"))).containsExactly(
                "usage " + s.today() + " -0.300000007 11.099999992 2",
                "purchase " + s.today() + " 1 11.399999999 1");
    }

    @Test
    void entries_at_the_same_instant_are_split_across_pages_by_id_without_loss() {
        Member ada = fixture.owner("Ada", 0);
        LedgerRows ledger = new LedgerRows(fixture.tenants());
        Instant same = Instant.parse("2024-05-01T10:00:00Z");
        Set<String> inserted = new HashSet<>();
        for (int i = 1; i <= 7; i++) {
            inserted.add(ledger.entry(ada.organizationId(), "promo", i, "promo_" + UUID.randomUUID(), same, null).toString());
        }
        Set<String> seen = new HashSet<>();
        List<String> balances = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = page(ada, ada.organizationId(), "?limit=2" + (cursor == null ? "" : "&before=" + cursor));
            for (JsonNode line : page.path("data")) {
                assertThat(seen.add(line.path("id").asText())).as("line shown twice").isTrue();
                balances.add(ExactJson.text(line.path("balance_after")) + "-" + ExactJson.text(line.path("amount")));
            }
            cursor = page.path("has_more").asBoolean() ? page.path("next_cursor").asText() : null;
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(4);
        assertThat(seen).isEqualTo(inserted);
        // the oldest line's balance_after equals its amount: the balance before the first entry was 0
        String last = balances.getLast();
        assertThat(last.substring(0, last.indexOf('-'))).isEqualTo(last.substring(last.indexOf('-') + 1));
    }

    @Test
    void csv_gives_the_same_page_with_the_next_cursor_in_a_header() {
        Statement s = seed();
        Response csv = fixture.as(s.bob()).accept("text/csv").get("/organizations/{org}/transactions?limit=4", s.org());
        csv.then().statusCode(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).isEqualTo("attachment; filename=\"transactions-" + s.org() + ".csv\"");
        List<List<String>> rows = CsvText.parse(csv.asString());
        assertThat(rows.getFirst()).containsExactly("day", "created_at", "kind", "amount", "balance_after", "description",
                "external_reference", "created_by", "id", "entries");
        assertThat(rows.subList(1, rows.size())).extracting(r -> r.get(2) + " " + r.get(3) + " " + r.get(4) + " " + r.get(9))
                .containsExactly("usage -0.3 10.099999999 1", "refund -2 10.399999999 1", "adjustment -0.25 12.399999999 1",
                        "usage -1.5 12.649999999 2");
        assertThat(rows.get(3).get(7)).isEqualTo(s.bob().userId().toString());
        String next = csv.header("X-Next-Cursor");
        assertThat(next).isNotBlank();
        List<List<String>> rest = CsvText.parse(fixture.as(s.bob())
                .get("/organizations/{org}/transactions?format=csv&limit=10&before=" + next, s.org()).asString());
        assertThat(rest.subList(1, rest.size())).extracting(r -> r.get(2)).containsExactly("promo", "usage", "fee", "purchase");
    }

    @Test
    void another_organization_is_404_and_bad_parameters_are_400_naming_them() {
        Statement s = seed();
        Member eve = fixture.owner("Eve", 0);
        for (Object org : new Object[] {s.org(), UUID.randomUUID(), "nope"}) {
            Response response = fixture.as(eve).get("/organizations/{org}/transactions?limit=oops", org);
            response.then().statusCode(404).body("error.message", equalTo("Organization not found"));
            assertThat(response.asString()).doesNotContain("purchase");
        }
        String eveCursor = page(eve, eve.organizationId(), "?limit=1").path("next_cursor").asText(null);
        fixture.tenants().credit(eve.organizationId(), 1);
        fixture.tenants().credit(eve.organizationId(), 2);
        eveCursor = page(eve, eve.organizationId(), "?limit=1").path("next_cursor").asText();
        Map<String, String> cases = Map.of(
                "limit=0", "limit",
                "limit=1001", "limit",
                "limit=ten", "limit",
                "before=garbage", "before",
                "before=" + eveCursor, "before", // a cursor of another organization's listing
                "format=pdf", "format",
                "offset=50", "offset");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            fixture.as(s.ada()).get("/organizations/{org}/transactions?" + c.getKey(), s.org()).then()
                    .statusCode(400).body("error.metadata.field", equalTo(c.getValue()));
        }
    }

    private JsonNode page(Member caller, UUID org, String query) {
        Response response = fixture.as(caller).get("/organizations/{org}/transactions" + query, org);
        response.then().statusCode(200).contentType("application/json");
        return ExactJson.read(response.asString());
    }
}
