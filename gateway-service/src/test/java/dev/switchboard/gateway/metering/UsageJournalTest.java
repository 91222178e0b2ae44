package dev.switchboard.gateway.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metering journal on its own: what a killed process leaves, what the next one reads, what is deleted when. */
class UsageJournalTest {

    private static final long LARGE = 8L << 20;

    @TempDir
    Path dir;

    @Test
    void a_killed_process_leaves_every_generation_it_appended_field_for_field() throws IOException {
        List<GenerationRecord> appended = List.of(generation(1), generation(2), odd());
        try (UsageJournal journal = UsageJournal.open(dir.resolve("a"), LARGE)) {
            appended.forEach(journal::append);
            assertThat(journal.takeRecovered()).isEmpty();
            assertThat(journal.unsettled()).isEqualTo(3);
            // a SIGKILL: the files as they are now, without close() (which the killed process never runs)
            leftBehind(dir.resolve("a"), dir.resolve("b"));
        }
        try (UsageJournal next = UsageJournal.open(dir.resolve("b"), LARGE)) {
            List<GenerationRecord> recovered = next.takeRecovered();
            assertThat(recovered).containsExactlyElementsOf(appended);
            assertThat(recovered).allSatisfy(g -> assertThat(next.isRecovered(g.id())).isTrue());
            assertThat(next.takeRecovered()).as("handed over once").isEmpty();
            GenerationRecord fresh = generation(4);
            next.append(fresh);
            assertThat(next.isRecovered(fresh.id())).as("this process's own generation").isFalse();
        }
    }

    @Test
    void a_clean_stop_with_everything_settled_leaves_nothing_to_replay() throws IOException {
        try (UsageJournal journal = UsageJournal.open(dir, LARGE)) {
            List<GenerationRecord> batch = List.of(generation(1), generation(2));
            batch.forEach(journal::append);
            journal.settled(batch);
        }
        assertThat(segments(dir)).isEmpty();
        try (UsageJournal next = UsageJournal.open(dir, LARGE)) {
            assertThat(next.takeRecovered()).isEmpty();
        }
    }

    @Test
    void a_stop_with_generations_unwritten_keeps_them_for_the_next_start() throws IOException {
        GenerationRecord written = generation(1);
        GenerationRecord unwritten = generation(2);
        try (UsageJournal journal = UsageJournal.open(dir, LARGE)) {
            journal.append(written);
            journal.append(unwritten);
            journal.settled(List.of(written));
        }
        try (UsageJournal next = UsageJournal.open(dir, LARGE)) {
            // the settled one shares the segment: it comes back, and metering finds it in the database
            List<GenerationRecord> recovered = next.takeRecovered();
            assertThat(recovered).containsExactly(written, unwritten);
            next.settled(recovered);
            assertThat(segments(dir)).as("an earlier process's segment goes once all of it is settled").hasSize(1);
        }
        assertThat(segments(dir)).isEmpty();
    }

    @Test
    void segments_roll_at_their_size_and_go_once_settled() throws IOException {
        try (UsageJournal journal = UsageJournal.open(dir, 1)) { // every frame fills a segment
            GenerationRecord first = generation(1);
            GenerationRecord second = generation(2);
            GenerationRecord third = generation(3);
            journal.append(first);
            journal.append(second);
            journal.append(third);
            assertThat(segments(dir)).hasSize(3);
            journal.settled(List.of(second));
            assertThat(segments(dir)).as("the second segment, rolled and settled").hasSize(2);
            journal.settled(List.of(third));
            assertThat(segments(dir)).as("the active segment stays while in use").hasSize(2);
            journal.settled(List.of(first));
            assertThat(segments(dir)).hasSize(1);
            journal.append(generation(4));
            assertThat(segments(dir)).as("the settled active segment went when it rolled").hasSize(1);
        }
    }

    @Test
    void a_second_process_on_the_same_directory_is_refused() throws IOException {
        try (UsageJournal journal = UsageJournal.open(dir, LARGE)) {
            assertThatThrownBy(() -> UsageJournal.open(dir, LARGE)).isInstanceOf(IOException.class)
                    .hasMessageContaining("in use by another gateway process");
            journal.append(generation(1));
        }
    }

    @Test
    void a_frame_cut_short_or_damaged_ends_the_replay_of_its_segment() throws IOException {
        try (UsageJournal journal = UsageJournal.open(dir.resolve("a"), LARGE)) {
            for (int i = 1; i <= 3; i++) {
                journal.append(generation(i));
            }
            leftBehind(dir.resolve("a"), dir.resolve("cut"));
            leftBehind(dir.resolve("a"), dir.resolve("damaged"));
        }
        Path cut = segments(dir.resolve("cut")).getFirst();
        byte[] bytes = Files.readAllBytes(cut);
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 5));
        assertThat(UsageJournal.read(cut)).extracting(GenerationRecord::id).containsExactly(id(1), id(2));

        Path damaged = segments(dir.resolve("damaged")).getFirst();
        bytes = Files.readAllBytes(damaged);
        int second = bytes.length / 2; // inside the second frame
        bytes[second] ^= 0x20;
        Files.write(damaged, bytes);
        assertThat(UsageJournal.read(damaged)).extracting(GenerationRecord::id).containsExactly(id(1));
    }

    @Test
    void appends_from_many_threads_all_come_back() throws Exception {
        int threads = 8;
        int each = 250;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> appenders = new ArrayList<>();
        try (UsageJournal journal = UsageJournal.open(dir.resolve("a"), 64 * 1024)) {
            for (int t = 0; t < threads; t++) {
                int base = t * each;
                appenders.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = 0; i < each; i++) {
                        journal.append(generation(base + i));
                        if (i % 2 == 0) {
                            journal.settled(List.of(generation(base + i)));
                        }
                    }
                }));
            }
            start.countDown();
            for (Thread t : appenders) {
                t.join();
            }
            assertThat(journal.unsettled()).isEqualTo(threads * each / 2);
            leftBehind(dir.resolve("a"), dir.resolve("b"));
        }
        try (UsageJournal next = UsageJournal.open(dir.resolve("b"), LARGE)) {
            // every unsettled generation is there; settled ones come back only from segments still in use
            assertThat(next.takeRecovered()).extracting(GenerationRecord::id)
                    .doesNotHaveDuplicates()
                    .containsAll(java.util.stream.IntStream.range(0, threads * each).filter(i -> i % each % 2 == 1)
                            .mapToObj(UsageJournalTest::id).toList());
        }
    }

    private static void leftBehind(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (Path segment : segments(from)) {
            Files.copy(segment, to.resolve(segment.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".journal")).sorted().toList();
        }
    }

    private static String id(int n) {
        return "gen-1700000000-" + String.format("%020d", n);
    }

    private static GenerationRecord generation(int n) {
        return new GenerationRecord(id(n), Instant.parse("2026-12-07T10:15:30.123456Z"), UUID.nameUUIDFromBytes(("org" + n).getBytes()),
                UUID.nameUUIDFromBytes(("key" + n).getBytes()), "openai/gpt-4o", "openai", "OpenAI", UUID.nameUUIDFromBytes("e".getBytes()),
                "chat", "chatcmpl-" + n, 10 + n, 20, 0, 0, false, 1_234_567L * n, 120, 800, true, false, "stop", "stop", 200, null,
                null, null, null, null, "[{\"provider_name\":\"OpenAI\",\"status\":200}]", List.of(),
                UUID.nameUUIDFromBytes(("lease" + n).getBytes()), null);
    }

    /** Every kind of field filled, texts that need escaping, nanosecond time, a key lease. */
    private static GenerationRecord odd() {
        String odd = "tab\tnew\nline \"quoted\" back\\slash ünïcödé 🙂 \u0001";
        return new GenerationRecord(id(99), Instant.parse("2026-12-07T10:15:30.123456789Z"), UUID.randomUUID(), UUID.randomUUID(),
                "m", "p", "P", null, "messages", odd, 1, 2, 3, 4, 5, true, Long.MAX_VALUE, null, null, false, true, null, odd, 499,
                "client_cancelled", odd, odd, odd, odd, null, List.of("top_k", "a\"b", ""), UUID.randomUUID(), UUID.randomUUID());
    }
}
