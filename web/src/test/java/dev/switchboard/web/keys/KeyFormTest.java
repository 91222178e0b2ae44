package dev.switchboard.web.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.web.clients.AccountsClient.ApiKey;
import dev.switchboard.web.clients.AccountsClient.NewKey;
import dev.switchboard.web.errors.WebException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyFormTest {

    @Test
    void a_full_form_becomes_accounts_body_with_the_expiry_at_the_end_of_the_utc_day() {
        NewKey key = new KeyForm("ci", "12.50", "weekly", " 600 ", "100000", "2030-01-31", true).toNewKey();
        assertThat(key.name()).isEqualTo("ci");
        assertThat(key.limit()).hasToString("12.50");
        assertThat(key.limitReset()).isEqualTo("weekly");
        assertThat(key.rateLimitRpm()).isEqualTo(BigInteger.valueOf(600));
        assertThat(key.rateLimitTpm()).isEqualTo(BigInteger.valueOf(100_000));
        assertThat(key.expiresAt()).isEqualTo("2030-01-31T23:59:59Z");
        assertThat(key.management()).isTrue();
    }

    @Test
    void blank_fields_are_accounts_defaults() {
        NewKey key = new KeyForm("ci", "", "none", "", " ", "", false).toNewKey();
        assertThat(key.limit()).isNull();
        assertThat(key.limitReset()).isNull();
        assertThat(key.rateLimitRpm()).as("the gateway's default").isNull();
        assertThat(key.rateLimitTpm()).as("the gateway's default").isNull();
        assertThat(key.expiresAt()).isNull();
        assertThat(key.management()).as("left out, not false: an inference key either way").isNull();
    }

    @Test
    void a_reset_without_a_limit_goes_to_accounts_which_names_the_rule() {
        assertThat(new KeyForm("ci", "", "daily", "", "", "", false).toNewKey().limitReset()).isEqualTo("daily");
    }

    @Test
    void a_bad_limit_or_date_is_refused_before_accounts_is_asked() {
        assertThatThrownBy(() -> new KeyForm("ci", "ten", "none", "", "", "", false).toNewKey())
                .isInstanceOf(WebException.class).hasMessage("limit: must be a number of USD, e.g. 12.34");
        assertThatThrownBy(() -> new KeyForm("ci", "", "none", "", "", "31/01/2030", false).toNewKey())
                .isInstanceOf(WebException.class).hasMessage("expires_at: must be a date (YYYY-MM-DD)");
        assertThatThrownBy(() -> new KeyForm("ci", "", "none", "", "", "2030-02-30", false).toNewKey())
                .isInstanceOf(WebException.class).hasMessage("expires_at: must be a date (YYYY-MM-DD)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ten", "1.5", "60.0", "1e3", "1,000", "1 000", "--1", "+", "0x10", "1234567890123456789012345678901"})
    void a_rate_limit_that_is_no_whole_number_is_refused_before_accounts_is_asked(String typed) {
        assertThatThrownBy(() -> new KeyForm("ci", "", "none", typed, "", "", false).toNewKey())
                .isInstanceOf(WebException.class).hasMessage("rate_limit_rpm: must be a whole number, e.g. 600")
                .extracting(e -> ((WebException) e).status()).isEqualTo(400);
        assertThatThrownBy(() -> new KeyForm(null, "", "none", "", typed, null, false).toLimitChanges())
                .isInstanceOf(WebException.class).hasMessage("rate_limit_tpm: must be a whole number, e.g. 600");
    }

    @Test
    void a_rate_limit_out_of_bounds_goes_to_accounts_which_names_its_bounds() {
        NewKey key = new KeyForm("ci", "", "none", "0", "99999999999999999999", "", false).toNewKey();
        assertThat(key.rateLimitRpm()).isEqualTo(BigInteger.ZERO);
        assertThat(key.rateLimitTpm()).isEqualTo(new BigInteger("99999999999999999999"));
        assertThat(new KeyForm("ci", "", "none", "-5", "+7", "", false).toNewKey())
                .extracting(NewKey::rateLimitRpm, NewKey::rateLimitTpm).containsExactly(BigInteger.valueOf(-5), BigInteger.valueOf(7));
    }

    @Test
    void editing_the_limits_always_sends_every_field_so_blank_lifts_the_limit_and_restores_the_default_rates() {
        Map<String, Object> lifted = new KeyForm(null, " ", "none", "", null, null, false).toLimitChanges();
        assertThat(lifted).containsOnlyKeys("limit", "limit_reset", "rate_limit_rpm", "rate_limit_tpm")
                .containsEntry("limit", null).containsEntry("limit_reset", null)
                .containsEntry("rate_limit_rpm", null).containsEntry("rate_limit_tpm", null);
        Map<String, Object> monthly = new KeyForm(null, "20", "monthly", "120", "50000", null, false).toLimitChanges();
        assertThat(monthly).containsEntry("limit", new BigDecimal("20")).containsEntry("limit_reset", "monthly")
                .containsEntry("rate_limit_rpm", BigInteger.valueOf(120)).containsEntry("rate_limit_tpm", BigInteger.valueOf(50_000));
    }

    @Test
    void the_edit_form_starts_from_the_key() {
        KeyForm form = KeyForm.of(key(new BigDecimal("12.5"), "weekly", 600, 10_000_000_000L));
        assertThat(form.limit()).isEqualTo("12.5");
        assertThat(form.limitReset()).isEqualTo("weekly");
        assertThat(form.rateLimitRpm()).isEqualTo("600");
        assertThat(form.rateLimitTpm()).isEqualTo("10000000000");
        KeyForm unlimited = KeyForm.of(key(null, null, false, null));
        assertThat(unlimited.limit()).isEmpty();
        assertThat(unlimited.limitReset()).isEqualTo("none");
        assertThat(unlimited.rateLimitRpm()).as("the default is blank").isEmpty();
        assertThat(unlimited.rateLimitTpm()).as("the default is blank").isEmpty();
        assertThat(form.resets()).extracting(KeyForm.Choice::value).containsExactly("none", "daily", "weekly", "monthly");
    }

    @Test
    void a_key_id_from_the_url_must_be_a_canonical_uuid_else_it_is_the_404_of_any_other_id() {
        UUID id = UUID.randomUUID();
        assertThat(KeysPage.keyId(id.toString())).isEqualTo(id);
        assertThat(KeysPage.keyId(id.toString().toUpperCase())).isEqualTo(id);
        for (String bad : new String[] {"x", "1-1-1-1-1", "", id + "0"}) {
            assertThatThrownBy(() -> KeysPage.keyId(bad)).isInstanceOf(WebException.class)
                    .extracting(e -> ((WebException) e).status()).isEqualTo(404);
        }
    }

    @Test
    void status_is_disabled_then_expired_then_active() {
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        OffsetDateTime past = OffsetDateTime.parse("2029-12-31T23:59:59Z");
        OffsetDateTime future = OffsetDateTime.parse("2030-01-01T00:00:01Z");
        assertThat(key(null, null, false, null).statusAt(now)).isEqualTo("active");
        assertThat(key(null, null, false, future).statusAt(now)).isEqualTo("active");
        assertThat(key(null, null, false, past).statusAt(now)).isEqualTo("expired");
        assertThat(key(null, null, true, past).statusAt(now)).isEqualTo("disabled");
        assertThat(key(null, null, true, null).statusAt(now)).isEqualTo("disabled");
        assertThat(key(BigDecimal.TEN, "daily", false, null).resetLabel()).isEqualTo("per day");
        assertThat(key(BigDecimal.TEN, null, false, null).resetLabel()).isEqualTo("in total");
    }

    @Test
    void rate_limits_read_default_when_the_gateways_default_applies() {
        ApiKey defaults = key(null, null, false, null);
        assertThat(defaults.requestsPerMinute()).isEqualTo("default");
        assertThat(defaults.tokensPerMinute()).isEqualTo("default");
        ApiKey own = key(null, null, 1_200, 10_000_000_000L);
        assertThat(own.requestsPerMinute()).isEqualTo("1,200");
        assertThat(own.tokensPerMinute()).isEqualTo("10,000,000,000");
    }

    static ApiKey key(BigDecimal limit, String reset, boolean disabled, OffsetDateTime expiresAt) {
        return new ApiKey(UUID.randomUUID(), "ci", "sk-sb-v1-abc…xyz", null, limit, reset, null, BigDecimal.ZERO,
                BigDecimal.ZERO, null, null, disabled, false, expiresAt, null, OffsetDateTime.now(), null);
    }

    static ApiKey key(BigDecimal limit, String reset, Integer rateLimitRpm, Long rateLimitTpm) {
        return new ApiKey(UUID.randomUUID(), "ci", "sk-sb-v1-abc…xyz", null, limit, reset, null, BigDecimal.ZERO,
                BigDecimal.ZERO, rateLimitRpm, rateLimitTpm, false, false, null, null, OffsetDateTime.now(), null);
    }
}
