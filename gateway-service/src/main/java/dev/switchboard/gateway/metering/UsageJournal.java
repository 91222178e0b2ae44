package dev.switchboard.gateway.metering;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.switchboard.gateway.wire.JsonMappers;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.jboss.logging.Logger;

/**
 * The settled generations this process has not yet committed, on local disk, so that a process killed without
 * warning (SIGKILL, the OOM killer) loses no usage: metering writes in batches a few milliseconds behind the
 * responses, and that window used to die with the process.
 * <p>
 * Every generation is appended before its response ends (one {@code write}, no fsync: the page cache outlives the
 * process, not the machine) and counted settled once its batch commits. Segments roll at a size and are deleted
 * when everything in them is settled, so a replica at rest holds one small file. The next process on the same
 * directory reads what is left and hands it back to metering, which writes only the generations the database
 * does not have yet (the dead process may have committed some just before it died): replay is safe to rerun.
 * <p>
 * One process per directory, enforced with a file lock. Each frame is {@code [length][CRC32C][JSON]}; a frame cut
 * short or damaged (only a machine crash does that: a killed process completes its writes) ends a segment's replay.
 */
public final class UsageJournal implements Closeable {

    private static final Logger LOG = Logger.getLogger(UsageJournal.class);
    private static final String SUFFIX = ".journal";
    private static final int HEADER = 8;
    /** A frame larger than this is damage, not a generation (a record is a few KB; texts are capped). */
    private static final int MAX_FRAME = 16 * 1024 * 1024;
    private static final JsonMapper JSON = JsonMappers.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // a newer version's journal replays on an older one
            .build();
    private static final ObjectWriter WRITER = JSON.writerFor(GenerationRecord.class);
    private static final ObjectReader READER = JSON.readerFor(GenerationRecord.class);

    private final Path directory;
    private final long segmentBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Unsettled generations by id, with the segment holding them. */
    private final Map<String, Segment> pending = new ConcurrentHashMap<>();
    private List<GenerationRecord> recovered;
    private final Object appendLock = new Object();
    private Segment active;
    private long sequence;

    private UsageJournal(Path directory, long segmentBytes, FileChannel lockChannel, FileLock lock) throws IOException {
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
            return new UsageJournal(directory, segmentBytes, lockChannel, lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    /**
     * What the previous process left unsettled (and, possibly, committed just before it died), in append order;
     * handed over once (the journal keeps only their ids, until they are settled).
     */
    public List<GenerationRecord> takeRecovered() {
        List<GenerationRecord> taken = recovered;
        recovered = List.of();
        return taken;
    }

    /** Whether {@code id} came from an earlier process's segments: metering checks those against the database. */
    public boolean isRecovered(String id) {
        Segment s = pending.get(id);
        return s != null && s.recovered;
    }

    /** Appends a settled generation; returns once the bytes are in the page cache (they outlive this process). */
    public void append(GenerationRecord generation) {
        byte[] body;
        try {
            body = WRITER.writeValueAsBytes(generation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer frame = ByteBuffer.allocate(HEADER + body.length).putInt(body.length).putInt((int) crc.getValue()).put(body).flip();
        synchronized (appendLock) {
            try {
                if (active.size >= segmentBytes) {
                    roll();
                }
                while (frame.hasRemaining()) {
                    active.size += active.channel.write(frame, active.size);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            active.unsettled.incrementAndGet();
            pending.put(generation.id(), active);
        }
    }

    /** The generations are in the database (or parked there, or given up on): their segment may go. */
    public void settled(Collection<GenerationRecord> generations) {
        for (GenerationRecord g : generations) {
            Segment s = pending.remove(g.id());
            if (s != null && s.unsettled.decrementAndGet() == 0 && s.closed) {
                s.delete();
            }
        }
    }

    /** Generations appended or recovered and not yet settled. */
    public int unsettled() {
        return pending.size();
    }

    public Path directory() {
        return directory;
    }

    /**
     * Closes the journal: a segment whose generations are all settled is deleted; any other stays for the next
     * process (metering stopped before the database took everything).
     */
    @Override
    public void close() throws IOException {
        synchronized (appendLock) {
            active.close();
            if (active.unsettled.get() == 0) {
                active.delete();
            }
        }
        lock.release();
        lockChannel.close();
    }

    private void roll() throws IOException {
        Segment full = active;
        active = newSegment();
        full.close();
        if (full.unsettled.get() == 0) {
            full.delete();
        }
    }

    private Segment newSegment() throws IOException {
        Path path = directory.resolve(String.format("%013d-%06d%s", System.currentTimeMillis(), sequence++, SUFFIX));
        return new Segment(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), false);
    }

    private List<GenerationRecord> recover() throws IOException {
        List<Path> segments;
        try (Stream<Path> files = Files.list(directory)) {
            segments = files.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        Map<String, GenerationRecord> records = new LinkedHashMap<>();
        for (Path path : segments) {
            Segment segment = new Segment(path, null, true);
            int read = 0;
            for (GenerationRecord g : read(path)) {
                if (records.putIfAbsent(g.id(), g) == null) {
                    pending.put(g.id(), segment);
                    segment.unsettled.incrementAndGet();
                    read++;
                }
            }
            if (read == 0) {
                segment.delete();
            }
        }
        if (!records.isEmpty()) {
            LOG.warnf("metering journal %s: %d generations from %d segments of a process that did not stop cleanly; "
                    + "writing those the database does not have", directory.toAbsolutePath(), records.size(), segments.size());
        }
        return new ArrayList<>(records.values());
    }

    /** Every whole frame of a segment, up to its end or to the first frame cut short or damaged. */
    static List<GenerationRecord> read(Path path) throws IOException {
        byte[] bytes = Files.readAllBytes(path);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<GenerationRecord> records = new ArrayList<>();
        while (in.remaining() >= HEADER) {
            int at = in.position();
            int length = in.getInt();
            int checksum = in.getInt();
            if (length <= 0 || length > MAX_FRAME || length > in.remaining()) {
                warnDamaged(path, at, bytes.length);
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes, in.position(), length);
            if ((int) crc.getValue() != checksum) {
                warnDamaged(path, at, bytes.length);
                break;
            }
            try {
                records.add(READER.readValue(bytes, in.position(), length));
            } catch (IOException e) {
                LOG.errorf("metering journal %s: a frame at byte %d passes its checksum but is no generation (%s); skipped",
                        path, at, e.getMessage());
            }
            in.position(in.position() + length);
        }
        if (in.hasRemaining() && in.remaining() < HEADER) {
            warnDamaged(path, in.position(), bytes.length);
        }
        return records;
    }

    private static void warnDamaged(Path path, int at, int size) {
        LOG.warnf("metering journal %s: the frame at byte %d of %d is cut short or damaged (a machine crash); "
                + "replaying the %d bytes before it", path, at, size, at);
    }

    private static final class Segment {
        final Path path;
        final FileChannel channel;
        final boolean recovered;
        final AtomicInteger unsettled = new AtomicInteger();
        final AtomicBoolean deleted = new AtomicBoolean();
        /** Written by the appender under its lock; read when settling. */
        volatile boolean closed;
        long size;

        Segment(Path path, FileChannel channel, boolean recovered) {
            this.path = path;
            this.channel = channel;
            this.recovered = recovered;
            this.closed = recovered; // nothing is ever appended to an earlier process's segment
        }

        void close() throws IOException {
            closed = true;
            channel.close();
        }

        void delete() {
            if (deleted.compareAndSet(false, true)) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warnf("metering journal: could not delete the settled segment %s (%s); the next start replays it "
                            + "and finds every generation in the database", path, e.getMessage());
                }
            }
        }
    }
}
