package dev.switchboard.web.credits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.web.clients.BillingClient.TransactionPage;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CreditsViewTest {

    @Test
    void the_older_link_carries_billings_cursor_encoded_and_is_absent_on_the_last_page() {
        assertThat(view(page(true, "dDF8+/="), null).olderUrl()).isEqualTo("/credits?before=dDF8%2B%2F%3D#transactions");
        assertThat(view(page(false, null), null).olderUrl()).isNull();
        assertThat(view(page(false, "stale"), null).olderUrl()).as("has_more decides").isNull();
    }

    @Test
    void the_csv_starts_where_the_page_shown_starts() {
        assertThat(view(page(false, null), null).csvUrl()).isEqualTo("/credits/transactions.csv");
        assertThat(view(page(false, null), "a+b").csvUrl()).isEqualTo("/credits/transactions.csv?before=a%2Bb");
    }

    @Test
    void the_page_refreshes_only_while_a_banner_waits() {
        CreditsView still = new CreditsView(null, true, null, List.of(Banner.of("x", "ok", "done")), List.of(), page(false, null), null, null, null);
        assertThat(still.refreshUrl()).isNull();
        CreditsView waiting = new CreditsView(null, true, null,
                List.of(Banner.of("x", "ok", "done"), new Banner("y", "warn", "wait", "/credits?poll=1")), List.of(), page(false, null), null, null, null);
        assertThat(waiting.refreshUrl()).isEqualTo("/credits?poll=1");
        assertThat(waiting.refreshSeconds()).isEqualTo(2);
    }

    private static CreditsView view(TransactionPage transactions, String before) {
        return new CreditsView(null, true, null, List.of(), List.of(), transactions, before, null, null);
    }

    private static TransactionPage page(boolean hasMore, String cursor) {
        return new TransactionPage(UUID.randomUUID(), "UTC", List.of(), hasMore, cursor);
    }
}
