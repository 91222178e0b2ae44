package dev.switchboard.testkit.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The rule book of {@link FakeFaults}, without HTTP. */
class FakeFaultsTest {

    private final FakeFaults faults = new FakeFaults();

    @Test
    void single_effect_methods_add_to_the_rule_and_set_replaces_it() {
        faults.slow("rt-a", 50).fail("rt-a", 503).retryAfter("rt-a", 2).chunkDelay("rt-a", 7).malformed("rt-a")
                .midstreamError("rt-a").hang("rt-a");

        assertThat(faults.get("rt-a")).isEqualTo(new Fault(503, true, 50, 7, true, true, 2, -1));
        assertThat(faults.get("rt-b")).isNull();

        faults.set("rt-a", Fault.NONE.withError(429));
        assertThat(faults.get("rt-a")).isEqualTo(new Fault(429, false, 0, 0, false, false, -1, -1));
    }

    @Test
    void fail_next_counts_requests_down_and_then_removes_the_whole_rule() {
        faults.slow("rt-a", 20).failNext("rt-a", 429, 2);

        assertThat(faults.take("rt-a")).isEqualTo(new Fault(429, false, 20, 0, false, false, -1, 2));
        assertThat(faults.get("rt-a").times()).isEqualTo(1);
        assertThat(faults.take("rt-a").errorStatus()).isEqualTo(429);
        assertThat(faults.take("rt-a")).isNull();
        assertThat(faults.get("rt-a")).isNull();
    }

    @Test
    void a_single_effect_method_keeps_the_count_and_an_unlimited_rule_is_never_used_up() {
        faults.failNext("rt-a", 503, 3).retryAfter("rt-a", 1);
        faults.fail("rt-b", 500);

        assertThat(faults.get("rt-a").times()).isEqualTo(3);
        for (int i = 0; i < 5; i++) {
            assertThat(faults.take("rt-b").errorStatus()).isEqualTo(500);
        }
        assertThat(faults.get("rt-b").unlimited()).isTrue();
        assertThat(faults.take("rt-c")).isNull();
        assertThat(faults.take(null)).isNull();
    }

    @Test
    void counted_rules_are_used_exactly_their_count_under_concurrent_requests() throws Exception {
        faults.failNext("rt-a", 503, 50);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> requests = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                requests.add(() -> faults.take("rt-a") != null);
            }
            long failed = 0;
            for (Future<Boolean> result : pool.invokeAll(requests)) {
                failed += result.get() ? 1 : 0;
            }
            assertThat(failed).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
        assertThat(faults.get("rt-a")).isNull();
    }

    @Test
    void clear_removes_one_rule_and_clear_all_every_rule_and_all_is_a_sorted_snapshot() {
        faults.fail("rt-b", 503).hang("rt-a").slow("rt-c", 5);

        assertThat(faults.all()).containsOnlyKeys("rt-a", "rt-b", "rt-c");
        assertThat(faults.all().keySet()).containsExactly("rt-a", "rt-b", "rt-c");
        faults.all().clear();
        assertThat(faults.all()).hasSize(3);

        faults.clear("rt-b");
        assertThat(faults.all()).containsOnlyKeys("rt-a", "rt-c");
        faults.clearAll();
        assertThat(faults.all()).isEmpty();
    }

    @Test
    void invalid_rules_are_refused_and_leave_the_current_rule_alone() {
        faults.fail("rt-a", 503);

        assertThatThrownBy(() -> faults.fail("rt-a", 200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.failNext("rt-a", 503, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.retryAfter("rt-a", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.slow("rt-a", -5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.hang(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.set(null, Fault.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faults.set("rt-a", null)).isInstanceOf(NullPointerException.class);

        assertThat(faults.get("rt-a")).isEqualTo(Fault.NONE.withError(503));
    }
}
