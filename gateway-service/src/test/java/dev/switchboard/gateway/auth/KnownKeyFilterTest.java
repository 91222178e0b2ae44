package dev.switchboard.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.keys.ApiKeys;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The known-key filter may say "maybe" for a key it never saw (rarely), but never "no" for one it did: a "no"
 * refuses the key without asking the database.
 */
class KnownKeyFilterTest {

    @Test
    void never_refuses_a_key_it_was_told_about_and_rarely_lets_an_unknown_one_through() {
        KnownKeyFilter filter = new KnownKeyFilter(20); // 1 Mi bits, a twelfth of the default
        List<String> known = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            String hash = ApiKeys.hash(ApiKeys.generate());
            known.add(hash);
            filter.add(hash);
        }
        assertThat(known).allMatch(filter::mightContain);

        int falsePositives = 0;
        for (int i = 0; i < 100_000; i++) {
            if (filter.mightContain(ApiKeys.hash(ApiKeys.generate()))) {
                falsePositives++;
            }
        }
        // 4 hashes, 10.5 bits per key: ~1.2 % expected; at the default size and a million keys it is ~0.3 %
        assertThat(falsePositives).as("unknown keys let through to the database").isLessThan(2_500);
    }
}
