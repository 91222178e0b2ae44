package dev.switchboard.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The limits' arithmetic (the same the Redis script runs), on a test clock in microseconds. */
class LocalLimiterTest {

    private static final long SECOND = 1_000_000;

    private final AtomicLong now = new AtomicLong(1_700_000_000L * SECOND);
    private final LocalLimiter limiter = new LocalLimiter(() -> now.get(), 1000);
    private final UUID org = UUID.randomUUID();

    @Test
    void n_per_minute_admits_a_burst_of_n_then_one_every_sixtieth_of_a_minute_over_n() {
        List<Limit> limits = List.of(requests(Limit.Scope.KEY, 3, "k"));
        assertThat(limiter.admit(limits, org).statuses().getFirst().remaining()).isEqualTo(2);
        assertThat(limiter.admit(limits, org).statuses().getFirst().remaining()).isEqualTo(1);
        Verdict third = limiter.admit(limits, org);
        assertThat(third.allowed()).isTrue();
        assertThat(third.statuses().getFirst().remaining()).isZero();
        assertThat(third.statuses().getFirst().resetMicros()).isEqualTo(60 * SECOND);

        Verdict fourth = limiter.admit(limits, org);
        assertThat(fourth.allowed()).isFalse();
        assertThat(fourth.refusing().limit().name()).isEqualTo("key_requests_per_minute");
        assertThat(fourth.refusing().retryMicros()).isEqualTo(20 * SECOND);

        now.addAndGet(20 * SECOND - 1);
        assertThat(limiter.admit(limits, org).allowed()).as("a microsecond early").isFalse();
        now.addAndGet(1);
        assertThat(limiter.admit(limits, org).allowed()).isTrue();
        assertThat(limiter.admit(limits, org).allowed()).isFalse();

        now.addAndGet(60 * SECOND); // a quiet minute makes it whole again, no more
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.admit(limits, org).allowed()).isTrue();
        }
        assertThat(limiter.admit(limits, org).allowed()).isFalse();
    }

    @Test
    void a_request_refused_by_one_limit_counts_against_none() {
        Limit key = requests(Limit.Scope.KEY, 3, "k");
        Limit organization = requests(Limit.Scope.ORGANIZATION, 2, "o");
        List<Limit> limits = List.of(key, organization);
        assertThat(limiter.admit(limits, org).allowed()).isTrue();
        assertThat(limiter.admit(limits, org).allowed()).isTrue();
        Verdict refused = limiter.admit(limits, org);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.refusing().limit()).isEqualTo(organization);
        assertThat(refused.statuses().getFirst().remaining()).as("the key's count did not move").isEqualTo(1);
        assertThat(refused.tightest(Limit.Kind.REQUESTS).limit()).isEqualTo(organization);

        // once the organization's limit allows one more: the key has made 3 in 30 s, of which 1.5 have come back
        now.addAndGet(30 * SECOND);
        Verdict later = limiter.admit(limits, org);
        assertThat(later.allowed()).isTrue();
        assertThat(later.statuses().getFirst().remaining()).isEqualTo(1);
        assertThat(later.statuses().get(1).remaining()).isZero();
    }

    @Test
    void tokens_are_post_paid_and_a_debt_drains_at_the_limits_rate() {
        Limit tokens = new Limit(Limit.Kind.TOKENS, Limit.Scope.KEY, 1000, "t");
        List<Limit> limits = List.of(tokens);
        assertThat(limiter.admit(limits, org).allowed()).isTrue();
        assertThat(limiter.admit(limits, org).statuses().getFirst().remaining()).as("admitting moves no token").isEqualTo(1000);
        limiter.chargeTokens(limits, org, 1500); // one long answer may take the key past its minute

        Verdict refused = limiter.admit(limits, org);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.statuses().getFirst().remaining()).isZero();
        // 1500 tokens = 90 s of a 1000-per-minute limit; one token must be free again: 90 s + 60 ms − 60 s
        assertThat(refused.refusing().retryMicros()).isEqualTo(30 * SECOND + 60_000);
        assertThat(refused.statuses().getFirst().resetMicros()).isEqualTo(90 * SECOND);

        now.addAndGet(30 * SECOND + 60_000);
        Verdict again = limiter.admit(limits, org);
        assertThat(again.allowed()).isTrue();
        assertThat(again.statuses().getFirst().remaining()).isEqualTo(1);
    }

    @Test
    void a_changed_limit_keeps_the_units_already_used() {
        limiter.admit(List.of(requests(Limit.Scope.KEY, 2, "k")), org);
        limiter.admit(List.of(requests(Limit.Scope.KEY, 2, "k")), org);
        assertThat(limiter.admit(List.of(requests(Limit.Scope.KEY, 2, "k")), org).allowed()).isFalse();

        Verdict raised = limiter.admit(List.of(requests(Limit.Scope.KEY, 4, "k")), org);
        assertThat(raised.allowed()).as("2 of 4 used: room at once").isTrue();
        assertThat(raised.statuses().getFirst().remaining()).isEqualTo(1);

        Verdict lowered = limiter.admit(List.of(requests(Limit.Scope.KEY, 1, "k")), org);
        assertThat(lowered.allowed()).isFalse();
        // 3 used at 1 a minute (3 minutes' worth): the next fits once all three have drained
        assertThat(lowered.refusing().retryMicros()).isEqualTo(180 * SECOND);
    }

    @Test
    void organizations_and_keys_count_apart() {
        UUID other = UUID.randomUUID();
        List<Limit> a = List.of(requests(Limit.Scope.KEY, 1, "a"));
        List<Limit> b = List.of(requests(Limit.Scope.KEY, 1, "b"));
        assertThat(limiter.admit(a, org).allowed()).isTrue();
        assertThat(limiter.admit(a, org).allowed()).isFalse();
        assertThat(limiter.admit(b, other).allowed()).isTrue();
    }

    private static Limit requests(Limit.Scope scope, long perMinute, String key) {
        return new Limit(Limit.Kind.REQUESTS, scope, perMinute, key);
    }
}
