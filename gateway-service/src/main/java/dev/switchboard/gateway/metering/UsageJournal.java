package dev.switchboard.gateway.metering;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;

/**
 * The settled generations this process has not yet committed, on local disk, so that a process killed without
 * warning (SIGKILL, the OOM killer) loses no usage: metering writes in batches a few milliseconds behind the
 * responses, and that window used to die with the process.
 * <p>
 * Every generation is appended before its response ends and counted settled once its batch commits. Segments are
 * files of a fixed size, preallocated and mapped into memory: an append is a copy into the page cache (no system
 * call; the page cache outlives the process, not the machine). A full segment is rolled; once all of it is settled it
 * is emptied and reused (two are kept), so a replica at rest touches no new file. The next process on the directory
 * reads what is left and hands it back to metering, which writes only the generations the database does not have yet
 * (the dead process may have committed some just before it died): replay is safe to rerun.
 * <p>
 * One process per directory, enforced with a file lock. A segment is a header {@code [magic][sequence]} and frames
 * {@code [length][CRC32C][generation]} ({@link GenerationCodec}), each followed by a zero length that ends the segment until the next frame: the
 * length is stored last, so a frame the process did not finish is never read. A damaged frame (a machine crash) ends
 * that segment's replay.
 */
public final class UsageJournal implements Closeable {

    private static final Logger LOG = Logger.getLogger(UsageJournal.class);
    private static final String SUFFIX = ".journal";
    private static final int MAGIC = 0x53424a31; // "SBJ1"
    /** magic (4), sequence (8), reserved (4). */
    private static final int SEGMENT_HEADER = 16;
    private static final int FRAME_HEADER = 8;
    private static final int END_MARK = 4;
    /** Emptied segments kept for reuse: the active one rolls into one while the previous one settles. */
    private static final int SPARE_SEGMENTS = 2;
    /** Each event loop encodes into a buffer of its own, reused: no allocation per generation. */
    private static final ThreadLocal<GenerationCodec.Out> BUFFERS = ThreadLocal.withInitial(GenerationCodec.Out::new);

    private final Path directory;
    private final int segmentBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Guards the segments: appends, rolls, reuse. */
    private final Object segments = new Object();
    private final Deque<Segment> spare = new ArrayDeque<>();
    private List<Recovered> recovered;
    private Segment active;
    private long sequence;
    private int fileNumber;

    private UsageJournal(Path directory, int segmentBytes, FileChannel lockChannel, FileLock lock) throws IOException {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.recovered = recover();
        this.active = newSegment();
    }

    /**
     * Opens (creating) the journal directory for this process alone and reads what an earlier process left in it.
     *
     * @throws IOException when the directory cannot be written or another live process holds it
     */
    public static UsageJournal open(Path directory, long segmentBytes) throws IOException {
        if (segmentBytes < 4096 || segmentBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a journal segment is between 4 KB and 2 GB, not " + segmentBytes + " bytes");
        }
        Files.createDirectories(directory);
        FileChannel lockChannel = FileChannel.open(directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("the metering journal " + directory.toAbsolutePath()
                    + " is in use by another gateway process; every replica needs a directory of its own");
        }
        try {
            return new UsageJournal(directory, (int) segmentBytes, lockChannel, lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    /** Where a generation is in the journal: handed back to {@link #settled} once it is committed. */
    public sealed interface Ticket permits Segment {
        /** Whether it came from an earlier process's journal: metering checks those against the database. */
        boolean recovered();
    }

    /** A generation an earlier process left in the journal. */
    public record Recovered(GenerationRecord generation, Ticket ticket) {
    }

    /**
     * What the previous process left unsettled (and, possibly, committed just before it died), in append order;
     * handed over once.
     */
    public List<Recovered> takeRecovered() {
        List<Recovered> taken = recovered;
        recovered = List.of();
        return taken;
    }

    /**
     * Appends a settled generation; returns once it is in the page cache (which outlives this process), with the
     * ticket to settle it by.
     */
    public Ticket append(GenerationRecord generation) {
        GenerationCodec.Out body = BUFFERS.get();
        GenerationCodec.encode(generation, body);
        int length = body.length;
        int need = FRAME_HEADER + length + END_MARK;
        if (need > segmentBytes - SEGMENT_HEADER) {
            throw new IllegalArgumentException("generation " + generation.id() + " takes " + length
                    + " bytes, more than a journal segment holds (" + segmentBytes + ")");
        }
        CRC32C crc = new CRC32C();
        crc.update(body.bytes, 0, length);
        int checksum = (int) crc.getValue();
        synchronized (segments) {
            try {
                if (active.position + need > segmentBytes) {
                    roll();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            MappedByteBuffer map = active.map;
            int at = active.position;
            try {
                map.putInt(at + FRAME_HEADER + length, 0); // the end, until the next frame
                map.put(at + FRAME_HEADER, body.bytes, 0, length);
                map.putInt(at + 4, checksum);
                VarHandle.releaseFence(); // the length last: a frame is read only once all of it is there
                map.putInt(at, length);
            } catch (InternalError e) {
                // a fault on the mapped file (the disk gone): the segment is not used further
                IOException failure = new IOException("the journal segment " + active.path + " cannot be written", e);
                roll(failure);
                throw new UncheckedIOException(failure);
            }
            active.position = at + FRAME_HEADER + length;
            active.unsettled.incrementAndGet();
            return active;
        }
    }

    /** The generation is in the database (or parked there, or given up on): once all of its segment is, it is reused. */
    public void settled(Ticket ticket) {
        Segment s = (Segment) ticket;
        if (s.unsettled.decrementAndGet() == 0) {
            synchronized (segments) {
                if (s.rolled && s.unsettled.get() == 0) {
                    release(s);
                }
            }
        }
    }

    public Path directory() {
        return directory;
    }

    /**
     * Closes the journal: segments whose generations are all settled are deleted; any other stays for the next
     * process (metering stopped before the database took everything).
     */
    @Override
    public void close() throws IOException {
        synchronized (segments) {
            active.rolled = true;
            if (active.unsettled.get() == 0) {
                delete(active);
            }
            spare.forEach(UsageJournal::delete);
            spare.clear();
        }
        lock.release();
        lockChannel.close();
    }

    private void roll() throws IOException {
        Segment full = active;
        active = spare.isEmpty() ? newSegment() : reuse(spare.pop());
        full.rolled = true;
        if (full.unsettled.get() == 0) {
            release(full);
        }
    }

    private void roll(Throwable cause) {
        try {
            Segment broken = active;
            active = newSegment();
            broken.rolled = true;
            broken.reusable = false;
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** A rolled segment whose generations are all settled: emptied and kept for reuse, or deleted. */
    private void release(Segment s) {
        if (s.released) {
            return;
        }
        s.released = true;
        if (s.reusable && spare.size() < SPARE_SEGMENTS) {
            s.map.putInt(SEGMENT_HEADER, 0); // empty: a replay of it finds nothing
            spare.push(s);
        } else {
            delete(s);
        }
    }

    private Segment reuse(Segment s) {
        s.released = false;
        s.rolled = false;
        s.position = SEGMENT_HEADER;
        s.map.putLong(4, sequence++);
        return s;
    }

    /** A new segment file, its blocks allocated now (a store to an unallocated page of a full disk would crash). */
    private Segment newSegment() throws IOException {
        Path path;
        do {
            path = directory.resolve(String.format("%013d-%04d%s", System.currentTimeMillis(), fileNumber++, SUFFIX));
        } while (Files.exists(path));
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(64 * 1024);
            for (long at = 0; at < segmentBytes; at += zeros.capacity()) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), segmentBytes - at));
                while (zeros.hasRemaining()) {
                    channel.write(zeros, at + zeros.position());
                }
            }
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_WRITE, 0, segmentBytes); // stays valid after close
            map.putInt(0, MAGIC);
            map.putLong(4, sequence++);
            map.putInt(SEGMENT_HEADER, 0);
            return new Segment(path, map, false);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    private List<Recovered> recover() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).toList();
        }
        record Found(Path path, long sequence, List<GenerationRecord> records) {
        }
        List<Found> found = new ArrayList<>();
        for (Path path : files) {
            byte[] bytes = Files.readAllBytes(path);
            if (bytes.length < SEGMENT_HEADER + END_MARK || ByteBuffer.wrap(bytes).getInt(0) != MAGIC) {
                LOG.warnf("metering journal: %s is no journal segment; left alone", path);
                continue;
            }
            found.add(new Found(path, ByteBuffer.wrap(bytes).getLong(4), frames(path, bytes)));
        }
        found.sort(java.util.Comparator.comparingLong(Found::sequence));
        Map<String, Recovered> records = new LinkedHashMap<>();
        for (Found f : found) {
            Segment segment = new Segment(f.path(), null, true);
            for (GenerationRecord g : f.records()) {
                if (records.putIfAbsent(g.id(), new Recovered(g, segment)) == null) {
                    segment.unsettled.incrementAndGet();
                }
            }
            if (segment.unsettled.get() == 0) {
                delete(segment);
            }
            sequence = Math.max(sequence, f.sequence() + 1);
        }
        if (!records.isEmpty()) {
            LOG.warnf("metering journal %s: %d generations from %d segments of a process that did not stop cleanly; "
                    + "writing those the database does not have", directory.toAbsolutePath(), records.size(), found.size());
        }
        return new ArrayList<>(records.values());
    }

    /** The frames of a segment file, up to its end mark or to the first damaged frame. */
    static List<GenerationRecord> read(Path path) throws IOException {
        return frames(path, Files.readAllBytes(path));
    }

    private static List<GenerationRecord> frames(Path path, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<GenerationRecord> records = new ArrayList<>();
        int at = SEGMENT_HEADER;
        while (at + END_MARK <= bytes.length) {
            int length = in.getInt(at);
            if (length == 0) {
                return records;
            }
            if (length < 0 || at + FRAME_HEADER + length + END_MARK > bytes.length) {
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes, at + FRAME_HEADER, length);
            if ((int) crc.getValue() != in.getInt(at + 4)) {
                break;
            }
            try {
                records.add(GenerationCodec.decode(bytes, at + FRAME_HEADER, length));
            } catch (IllegalArgumentException e) {
                LOG.errorf("metering journal %s: a frame at byte %d passes its checksum but is no generation of this "
                        + "gateway's (%s); skipped", path, at, e.getMessage());
            }
            at += FRAME_HEADER + length;
        }
        LOG.warnf("metering journal %s: the frame at byte %d is damaged (a machine crash?); replaying the %d frames before it",
                path, at, records.size());
        return records;
    }

    private static void delete(Segment s) {
        try {
            Files.deleteIfExists(s.path);
        } catch (IOException e) {
            LOG.warnf("metering journal: could not delete the settled segment %s (%s); the next start replays it "
                    + "and finds every generation in the database", s.path, e.getMessage());
        }
    }

    private static final class Segment implements Ticket {
        final Path path;
        /** Null for an earlier process's segment, which is only read. */
        final MappedByteBuffer map;
        final boolean recovered;
        final AtomicInteger unsettled = new AtomicInteger();
        /** The fields below are guarded by the journal's segments lock. */
        int position = SEGMENT_HEADER;
        boolean rolled;
        boolean released;
        boolean reusable;

        Segment(Path path, MappedByteBuffer map, boolean recovered) {
            this.path = path;
            this.map = map;
            this.recovered = recovered;
            this.rolled = recovered; // nothing is ever appended to an earlier process's segment
            this.reusable = !recovered;
        }

        @Override
        public boolean recovered() {
            return recovered;
        }
    }
}
