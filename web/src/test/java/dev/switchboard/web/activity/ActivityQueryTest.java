package dev.switchboard.web.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.web.activity.ActivityQuery.Range;
import dev.switchboard.web.activity.ActivityQuery.Raw;
import dev.switchboard.web.clients.BillingClient.SpendQuery;
import dev.switchboard.web.errors.WebException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ActivityQueryTest {

    static final Instant NOW = Instant.parse("2026-03-30T13:27:05.123456789Z");
    static final LocalDate TODAY = LocalDate.parse("2026-03-30");

    static ActivityQuery parse(String range, String from, String to, String groupBy, String thenBy) {
        return ActivityQuery.parse(new Raw(range, from, to, groupBy, thenBy, null, null, null), NOW);
    }

    @Test
    void without_filters_the_last_30_utc_days_by_model() {
        ActivityQuery q = parse(null, null, null, null, null);
        assertThat(q.range()).isEqualTo(Range.LAST_30D);
        assertThat(q.from()).isEqualTo(TODAY.minusDays(29));
        assertThat(q.to()).isEqualTo(TODAY);
        assertThat(q.hourly()).isFalse();
        assertThat(q.groupBy()).isEqualTo(Grouping.MODEL);
        assertThat(q.thenBy()).isEqualTo(Grouping.MODEL);
        assertThat(q.buckets()).hasSize(30);
        assertThat(q.report(Grouping.MODEL)).isEqualTo(SpendQuery.days(TODAY.minusDays(29), TODAY, "model", null));
        assertThat(q.chartReport()).isEqualTo(SpendQuery.days(TODAY.minusDays(29), TODAY, "day", "model"));
        // empty fields, as a GET form sends them, are absent
        assertThat(parse("", "", "", "", "")).isEqualTo(q);
    }

    @Test
    void seven_days_are_today_and_the_six_before() {
        ActivityQuery q = parse("7d", "2020-01-01", "2020-01-02", "provider", "api_key"); // dates count only when custom
        assertThat(q.from()).isEqualTo(TODAY.minusDays(6));
        assertThat(q.to()).isEqualTo(TODAY);
        assertThat(q.chartReport()).isEqualTo(SpendQuery.days(TODAY.minusDays(6), TODAY, "day", "api_key"));
        assertThat(q.report(q.groupBy()).groupBy()).isEqualTo("provider");
    }

    @Test
    void the_last_24_hours_are_the_window_up_to_now_by_hour_not_today_and_yesterday() {
        ActivityQuery q = parse("24h", null, null, null, null);
        assertThat(q.hourly()).isTrue();
        // to the second, rounded up: a request served a moment ago is in
        assertThat(q.end()).isEqualTo(Instant.parse("2026-03-30T13:27:06Z"));
        assertThat(q.start()).isEqualTo(Instant.parse("2026-03-29T13:27:06Z"));
        assertThat(ActivityQuery.parse(new Raw("24h", null, null, null, null, null, null, null), Instant.parse("2026-03-30T13:27:05Z")).end())
                .isEqualTo(Instant.parse("2026-03-30T13:27:05Z"));
        assertThat(q.report(Grouping.MODEL)).isEqualTo(SpendQuery.window(q.start(), q.end(), "model", null));
        assertThat(q.chartReport()).isEqualTo(SpendQuery.window(q.start(), q.end(), "hour", "model"));
        assertThat(q.buckets()).hasSize(25);
        assertThat(q.buckets().getFirst().key()).isEqualTo("2026-03-29T13:00:00Z");
        assertThat(q.queryString()).isEqualTo("range=24h&group_by=model&then_by=model");
    }

    @Test
    void a_custom_range_takes_both_dates_inclusive() {
        ActivityQuery q = parse("custom", "2026-02-01", "2026-02-03", "member", "provider");
        assertThat(q.from()).isEqualTo(LocalDate.parse("2026-02-01"));
        assertThat(q.to()).isEqualTo(LocalDate.parse("2026-02-03"));
        assertThat(q.buckets()).hasSize(3);
        assertThat(q.queryString()).isEqualTo("range=custom&from=2026-02-01&to=2026-02-03&group_by=member&then_by=provider");
        // dates without a range mean a custom range (a hand-written URL)
        assertThat(parse(null, "2026-02-01", "2026-02-03", null, null).range()).isEqualTo(Range.CUSTOM);
        // a whole leap year is the most
        assertThat(parse("custom", "2024-01-01", "2024-12-31", null, null).buckets()).hasSize(366);
    }

    @Test
    void bad_filters_name_the_field() {
        record Case(String range, String from, String to, String groupBy, String thenBy, String field) {
        }
        for (Case c : new Case[] {
                new Case("90d", null, null, null, null, "range"),
                new Case("custom", null, "2026-02-03", null, null, "from"),
                new Case("custom", "2026-02-01", null, null, null, "to"),
                new Case("custom", "2026-02-30", "2026-03-03", null, null, "from"),
                new Case("custom", "yesterday", "2026-03-03", null, null, "from"),
                new Case("custom", "2026-03-01", "2026-3-3", null, null, "to"),
                new Case("custom", "2026-03-04", "2026-03-03", null, null, "to"),
                new Case("custom", "2024-01-01", "2025-01-01", null, null, "to"),
                new Case("30d", null, null, "day", null, "group_by"),
                new Case("30d", null, null, null, "colour", "then_by")}) {
            assertThatThrownBy(() -> parse(c.range(), c.from(), c.to(), c.groupBy(), c.thenBy())).as("%s", c)
                    .isInstanceOfSatisfying(ActivityQuery.Invalid.class, e -> {
                        assertThat(e.field()).isEqualTo(c.field());
                        assertThat(e.status()).isEqualTo(400);
                    });
        }
    }

    @Test
    void a_malformed_key_or_member_id_is_a_404_like_any_id_the_organization_does_not_have() {
        for (Raw raw : new Raw[] {new Raw(null, null, null, null, null, "not-a-key", null, null),
                new Raw(null, null, null, null, null, null, "1-2-3-4-5", null)}) {
            assertThatThrownBy(() -> ActivityQuery.parse(raw, NOW)).isInstanceOfSatisfying(WebException.class,
                    e -> assertThat(e.status()).isEqualTo(404));
        }
    }

    @Test
    void a_model_filter_as_the_models_page_links_here() {
        ActivityQuery q = ActivityQuery.parse(new Raw(null, null, null, null, null, null, null, "switchboard/echo anthropic"), NOW);
        assertThat(q.model()).isEqualTo("switchboard/echo anthropic");
        assertThat(q.chartReport().model()).isEqualTo("switchboard/echo anthropic");
        assertThat(q.report(Grouping.API_KEY).model()).isEqualTo("switchboard/echo anthropic");
        assertThat(q.queryString()).isEqualTo("range=30d&group_by=model&then_by=model&model=switchboard%2Fecho+anthropic");
        assertThat(q.withModel(null).model()).isNull();
        assertThatThrownBy(() -> ActivityQuery.parse(new Raw(null, null, null, null, null, null, null, "m".repeat(257)), NOW))
                .isInstanceOfSatisfying(ActivityQuery.Invalid.class, e -> assertThat(e.field()).isEqualTo("model"));
    }

    @Test
    void key_and_member_filters_go_to_billing_and_into_the_links() {
        UUID key = UUID.randomUUID();
        UUID member = UUID.randomUUID();
        ActivityQuery q = ActivityQuery.parse(new Raw("7d", null, null, "api_key", null, key.toString(), member.toString(), null), NOW);
        assertThat(q.report(Grouping.MODEL).apiKeyId()).isEqualTo(key);
        assertThat(q.chartReport().memberUserId()).isEqualTo(member);
        assertThat(q.queryString()).isEqualTo("range=7d&group_by=api_key&then_by=model&key=" + key + "&member=" + member);
        assertThat(q.withKey(null).queryString()).doesNotContain("key=");
        assertThat(q.form()).isEqualTo(new Raw("7d", TODAY.minusDays(6).toString(), TODAY.toString(), "api_key", "model",
                key.toString(), member.toString(), null));
    }
}
