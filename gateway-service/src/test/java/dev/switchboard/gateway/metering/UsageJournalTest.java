package dev.switchboard.gateway.metering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metering journal on its own: what a killed process leaves, what the next one reads, what is reused when. */
class UsageJournalTest {

    private static final long LARGE = 8L << 20;

    @TempDir
    Path dir;

    @Test
    void a_killed_process_leaves_every_generation_it_appended_field_for_field() throws IOException {
        List<GenerationRecord> appended = List.of(generation(1), generation(2), odd());
        try (UsageJournal journal = UsageJournal.open(dir.resolve("a"), LARGE)) {
            assertThat(journal.takeRecovered()).isEmpty();
            appended.forEach(g -> assertThat(journal.append(g).recovered()).as("this process's own").isFalse());
            // a SIGKILL: the files as they are now, without close() (which the killed process never runs)
            leftBehind(dir.resolve("a"), dir.resolve("b"));
        }
        try (UsageJournal next = UsageJournal.open(dir.resolve("b"), LARGE)) {
            List<UsageJournal.Recovered> recovered = next.takeRecovered();
            assertThat(recovered).extracting(UsageJournal.Recovered::generation).containsExactlyElementsOf(appended);
            assertThat(recovered).allSatisfy(r -> assertThat(r.ticket().recovered()).isTrue());
            assertThat(next.takeRecovered()).as("handed over once").isEmpty();
        }
    }

    @Test
    void a_clean_stop_with_everything_settled_leaves_nothing_to_replay() throws IOException {
        try (UsageJournal journal = UsageJournal.open(dir, LARGE)) {
            journal.settled(journal.append(generation(1)));
            journal.settled(journal.append(generation(2)));
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
            journal.settled(journal.append(written));
            journal.append(unwritten);
        }
        try (UsageJournal next = UsageJournal.open(dir, LARGE)) {
            // the settled one shares the segment: it comes back, and metering finds it in the database
            List<UsageJournal.Recovered> recovered = next.takeRecovered();
            assertThat(recovered).extracting(UsageJournal.Recovered::generation).containsExactly(written, unwritten);
            recovered.forEach(r -> next.settled(r.ticket()));
            assertThat(segments(dir)).as("an earlier process's segment goes once all of it is settled").hasSize(1);
        }
        assertThat(segments(dir)).isEmpty();
    }

    @Test
    void full_segments_roll_and_once_settled_are_emptied_and_reused() throws IOException {
        List<GenerationRecord> all = new ArrayList<>();
        List<UsageJournal.Ticket> tickets = new ArrayList<>();
        try (UsageJournal journal = UsageJournal.open(dir.resolve("a"), 4096)) { // a few frames a segment
            for (int i = 0; i < 40; i++) {
                GenerationRecord g = generation(i);
                all.add(g);
                tickets.add(journal.append(g));
            }
            int rolledWhileUnsettled = segments(dir.resolve("a")).size();
            assertThat(rolledWhileUnsettled).as("unsettled segments are kept").isGreaterThan(3);
            tickets.subList(0, 30).forEach(journal::settled);
            leftBehind(dir.resolve("a"), dir.resolve("b"));
            for (int i = 40; i < 400; i++) { // a replica at rest: each generation settles a moment after it is appended
                journal.settled(journal.append(generation(i)));
            }
            assertThat(segments(dir.resolve("a"))).as("settled segments are reused, not piled up")
                    .hasSizeLessThanOrEqualTo(rolledWhileUnsettled);
        }
        try (UsageJournal next = UsageJournal.open(dir.resolve("b"), 4096)) {
            // an emptied segment replays nothing; what shares a segment with an unsettled generation comes back
            assertThat(next.takeRecovered()).extracting(r -> r.generation().id())
                    .containsAll(all.subList(30, 40).stream().map(GenerationRecord::id).toList())
                    .doesNotContainAnyElementsOf(all.subList(0, 20).stream().map(GenerationRecord::id).toList());
        }
    }

    @Test
    void a_generation_larger_than_a_segment_is_refused() throws IOException {
        try (UsageJournal journal = UsageJournal.open(dir.resolve("a"), 4096)) {
            GenerationRecord huge = new GenerationRecord(id(1), Instant.now(), UUID.randomUUID(), UUID.randomUUID(), "m", "p", "P",
                    null, "chat", null, 1, 1, 0, 0, false, 1, null, null, false, false, null, null, 200, null, "x".repeat(5000),
                    null, null, null, null, List.of(), null, null);
            assertThatThrownBy(() -> journal.append(huge)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("more than a journal segment holds");
            journal.append(generation(2));
            leftBehind(dir.resolve("a"), dir.resolve("b"));
        }
        try (UsageJournal next = UsageJournal.open(dir.resolve("b"), 4096)) {
            assertThat(next.takeRecovered()).extracting(r -> r.generation().id()).containsExactly(id(2));
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
    void a_frame_without_its_length_or_damaged_ends_the_replay_of_its_segment() throws IOException {
        try (UsageJournal journal = UsageJournal.open(dir.resolve("a"), LARGE)) {
            for (int i = 1; i <= 3; i++) {
                journal.append(generation(i));
            }
            leftBehind(dir.resolve("a"), dir.resolve("unfinished"));
            leftBehind(dir.resolve("a"), dir.resolve("damaged"));
        }
        // killed between the frame and its length, stored last: the third frame's length is still the end mark
        Path unfinished = segments(dir.resolve("unfinished")).getFirst();
        byte[] bytes = Files.readAllBytes(unfinished);
        ByteBuffer.wrap(bytes).putInt(frameAt(bytes, 3), 0);
        Files.write(unfinished, bytes);
        assertThat(UsageJournal.read(unfinished)).extracting(GenerationRecord::id).containsExactly(id(1), id(2));

        Path damaged = segments(dir.resolve("damaged")).getFirst();
        bytes = Files.readAllBytes(damaged);
        bytes[frameAt(bytes, 2) + 20] ^= 0x20; // inside the second frame's generation
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
                        UsageJournal.Ticket ticket = journal.append(generation(base + i));
                        if (i % 2 == 0) {
                            journal.settled(ticket);
                        }
                    }
                }));
            }
            start.countDown();
            for (Thread t : appenders) {
                t.join();
            }
            leftBehind(dir.resolve("a"), dir.resolve("b"));
        }
        try (UsageJournal next = UsageJournal.open(dir.resolve("b"), LARGE)) {
            // every unsettled generation is there once; settled ones come back only from segments still in use
            assertThat(next.takeRecovered()).extracting(r -> r.generation().id())
                    .doesNotHaveDuplicates()
                    .containsAll(IntStream.range(0, threads * each).filter(i -> i % each % 2 == 1)
                            .mapToObj(UsageJournalTest::id).toList());
        }
    }

    /** Where the n-th frame (from 1) of a segment starts: after the 16-byte header, each frame is 8 bytes + its length. */
    private static int frameAt(byte[] segment, int n) {
        int at = 16;
        for (int i = 1; i < n; i++) {
            at += 8 + ByteBuffer.wrap(segment).getInt(at);
        }
        return at;
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
