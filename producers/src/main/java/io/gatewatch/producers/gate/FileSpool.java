package io.gatewatch.producers.gate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, bounded, append-only FIFO queue of byte records in a local directory: the gate
 * client's offline spool.
 *
 * <h2>Layout</h2>
 * Records live in segment files {@code <20-digit id>.seg} (8-byte header: magic {@code GWSP},
 * format version), each record framed as {@code int length | int crc32(length, payload) | payload}.
 * The file {@code ack} holds the acknowledged position (segment, byte offset, sequence, with its
 * own CRC); it is replaced atomically (write temp, fsync, rename, fsync directory). A lock file
 * keeps a second process (or a second spool in this JVM) off the directory.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Order</b>: {@link #read} returns records in append order, starting at the acknowledged
 *       position; {@link #acknowledge} moves that position forward only.</li>
 *   <li><b>Durability</b>: per {@link FsyncPolicy}. Under {@code ALWAYS} (the default) an append
 *       returns only after its bytes are forced to the device, so a record the caller saw accepted
 *       survives a power cut; appenders on several threads share one fsync (group commit), and
 *       {@link #read} returns only forced records (write-ahead: nothing is delivered that the spool
 *       could lose). Under every policy a process crash loses nothing written.</li>
 *   <li><b>Crash recovery</b>: on {@link #open}, every unacknowledged record is re-read and its CRC
 *       checked. A torn tail in the last segment (an append that never returned) is truncated. A bad
 *       record in an older segment (media corruption, never expected) is not skipped silently: the
 *       bytes from there to the end of that segment are copied to {@code <segment>.corrupt} and an
 *       ERROR is logged.</li>
 *   <li><b>At least once</b>: a crash between delivering records and persisting their
 *       acknowledgement redelivers them after restart (duplicates, never losses). An unreadable
 *       {@code ack} file also means redelivery from the oldest segment.</li>
 *   <li><b>Bounded</b>: the segment files never exceed {@code maxBytes} together. An append that
 *       does not fit is refused with {@link SpoolFullException}; nothing is dropped or overwritten.
 *       Segments are deleted once every record in them is acknowledged (all of them as soon as the
 *       spool is empty), so up to one segment of delivered records may still count against the
 *       bound.</li>
 * </ul>
 * Thread-safe: every public method is synchronised, except that an appender waits for its fsync
 * outside the monitor (so others can append meanwhile); one drainer at a time is expected.
 */
public final class FileSpool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileSpool.class);

    /** Largest payload accepted; a scan is a few hundred bytes. Bounds what a corrupt length field can make us read. */
    public static final int MAX_RECORD_BYTES = 1 << 20;
    static final int SEGMENT_MAGIC = 0x47575350; // "GWSP"
    static final int ACK_MAGIC = 0x4757414B; // "GWAK"
    static final int FORMAT_VERSION = 1;
    static final int SEGMENT_HEADER_BYTES = 8;
    static final int RECORD_HEADER_BYTES = 8;
    static final int ACK_FILE_BYTES = 36;
    static final String SEGMENT_SUFFIX = ".seg";
    static final String ACK_FILE = "ack";
    static final String LOCK_FILE = "spool.lock";

    /**
     * Spool settings.
     *
     * @param maxBytes upper bound for all segment files together
     * @param segmentBytes size at which a new segment file is started
     * @param fsyncPolicy when writes are forced to the device
     * @param fsyncInterval the interval for {@link FsyncPolicy#INTERVAL}
     */
    public record Options(long maxBytes, long segmentBytes, FsyncPolicy fsyncPolicy, Duration fsyncInterval) {
        public Options {
            Objects.requireNonNull(fsyncPolicy, "fsyncPolicy");
            Objects.requireNonNull(fsyncInterval, "fsyncInterval");
            if (segmentBytes < SEGMENT_HEADER_BYTES + RECORD_HEADER_BYTES + 1) {
                throw new IllegalArgumentException("segmentBytes too small: " + segmentBytes);
            }
            if (maxBytes < segmentBytes) {
                throw new IllegalArgumentException("maxBytes (" + maxBytes + ") must be at least segmentBytes (" + segmentBytes + ")");
            }
        }

        /** Safe defaults: 256 MiB bound, 16 MiB segments, fsync on every append. */
        public static Options defaults() {
            return new Options(256L << 20, 16L << 20, FsyncPolicy.ALWAYS, Duration.ofSeconds(1));
        }
    }

    /**
     * A place in the spool: the byte {@code offset} in {@code segment}, and {@code sequence}, the
     * number of records appended before that place since the spool was created.
     */
    public record Position(long segment, long offset, long sequence) {}

    /** A record read from the spool; acknowledge {@link #next()} once it has been delivered. */
    public record Entry(long sequence, byte[] payload, Position next) {}

    private final Path dir;
    private final Options options;
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private FileChannel lockChannel;
    private FileLock lock;
    private Position acked;
    private long tailSequence;
    private long totalBytes;
    private long nextSegmentId;
    private boolean dirty;
    private long durableSequence;
    private long fsyncs;
    private final Object commitLock = new Object();
    private long lastSyncNanos = System.nanoTime();
    private boolean closed;

    private FileSpool(Path dir, Options options) {
        this.dir = dir;
        this.options = options;
    }

    /**
     * Opens (creating if needed) the spool in {@code dir}, recovering from whatever state a crash
     * left it in.
     *
     * @throws IllegalStateException if another spool holds the directory
     * @throws IOException if the directory cannot be read or written, or was written by a newer format
     */
    public static FileSpool open(Path dir, Options options) throws IOException {
        FileSpool spool = new FileSpool(dir, Objects.requireNonNull(options, "options"));
        try {
            spool.recover();
        } catch (IOException | RuntimeException e) {
            spool.closeQuietly();
            throw e;
        }
        return spool;
    }

    /**
     * Appends one record and returns once it is as durable as the {@link FsyncPolicy} says: under
     * {@code ALWAYS} after an fdatasync that covers it. Appenders on several threads share fsyncs
     * (group commit): while one forces the file, the others append behind it, and the next force
     * covers them all.
     *
     * @return the record's sequence number
     * @throws SpoolFullException if it would take the spool over {@code maxBytes}; nothing is written
     * @throws UncheckedIOException if the write or the fsync fails (the partial record is cut off again)
     */
    public long append(byte[] payload) throws SpoolFullException {
        long sequence;
        synchronized (this) {
            ensureOpen();
            if (!write(payload)) {
                throw new SpoolFullException(totalBytes, RECORD_HEADER_BYTES + (long) payload.length, options.maxBytes());
            }
            sequence = tailSequence - 1;
        }
        commit(sequence + 1);
        return sequence;
    }

    /**
     * Appends records in order until one does not fit, forcing the device once for the whole batch
     * (group commit).
     *
     * @return how many records, a prefix of {@code payloads}, were appended; the rest were not written
     */
    public int appendAll(List<byte[]> payloads) {
        int written = 0;
        long upTo;
        synchronized (this) {
            ensureOpen();
            for (byte[] payload : payloads) {
                if (!write(payload)) {
                    break;
                }
                written++;
            }
            upTo = tailSequence;
        }
        if (written > 0) {
            commit(upTo);
        }
        return written;
    }

    /**
     * Up to {@code maxRecords} records from the acknowledged position, oldest first, without
     * consuming them. Under {@code ALWAYS} only records already forced to the device are returned
     * (write-ahead: nothing leaves the spool that a power cut could take back).
     */
    public synchronized List<Entry> read(int maxRecords) {
        ensureOpen();
        List<Entry> out = new ArrayList<>(Math.min(maxRecords, (int) Math.min(depth(), 10_000)));
        long sequence = acked.sequence();
        long limit = readableUpTo();
        try {
            for (Segment segment : segments.tailMap(acked.segment(), true).values()) {
                long offset = segment.id == acked.segment() ? acked.offset() : SEGMENT_HEADER_BYTES;
                while (offset < segment.size && out.size() < maxRecords && sequence < limit) {
                    byte[] payload = readRecord(segment, offset);
                    if (payload == null) {
                        throw new IllegalStateException("spool record unreadable at " + segment.path + "@" + offset
                                + " after recovery validated it: the file was changed underneath the spool");
                    }
                    offset += RECORD_HEADER_BYTES + payload.length;
                    out.add(new Entry(sequence, payload, new Position(segment.id, offset, sequence + 1)));
                    sequence++;
                }
                if (out.size() >= maxRecords || sequence >= limit) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spool " + dir, e);
        }
        return out;
    }

    /**
     * Marks every record before {@code upTo} as delivered, durably (per the fsync policy), and
     * deletes segments that hold only delivered records. A position at or before the current one
     * is ignored.
     */
    public synchronized void acknowledge(Position upTo) {
        ensureOpen();
        if (upTo.sequence() <= acked.sequence()) {
            return;
        }
        if (upTo.sequence() > tailSequence) {
            throw new IllegalArgumentException("cannot acknowledge " + upTo + " beyond the tail (sequence " + tailSequence + ")");
        }
        try {
            writeAck(upTo);
            acked = upTo;
            // the ack is durable before any segment goes: a crash in between only means re-reading
            long keepFrom = depth() == 0 ? Long.MAX_VALUE : upTo.segment();
            for (Long id : List.copyOf(segments.headMap(keepFrom, false).keySet())) {
                deleteSegment(segments.remove(id));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot acknowledge spool position in " + dir, e);
        }
    }

    /** Records appended and not yet acknowledged. */
    public synchronized long depth() {
        return tailSequence - acked.sequence();
    }

    /** Bytes of all segment files; never more than {@code maxBytes}. */
    public synchronized long sizeBytes() {
        return totalBytes;
    }

    public synchronized boolean isEmpty() {
        return depth() == 0;
    }

    public Path directory() {
        return dir;
    }

    public Options options() {
        return options;
    }

    /** Forces unsynced appends to the device now, unless the policy is {@link FsyncPolicy#NEVER}. */
    public synchronized void sync() {
        if (!closed && options.fsyncPolicy() != FsyncPolicy.NEVER) {
            force();
        }
    }

    /** Syncs (per policy) and releases the files and the directory lock. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        sync();
        closed = true;
        closeQuietly();
    }

    /**
     * For crash tests: lets go of the files and the lock with no fsync and no acknowledgement, as a
     * killed process would (written bytes stay in the OS page cache, as after kill -9).
     */
    synchronized void abandon() {
        closed = true;
        closeQuietly();
    }

    // ---------------------------------------------------------------- writing

    private boolean write(byte[] payload) {
        if (payload.length == 0 || payload.length > MAX_RECORD_BYTES) {
            // empty records are refused: a zero-filled tail after a crash must never parse as records
            throw new IllegalArgumentException("record size must be 1.." + MAX_RECORD_BYTES + " bytes, was " + payload.length);
        }
        long recordBytes = RECORD_HEADER_BYTES + (long) payload.length;
        Segment active = segments.isEmpty() ? null : segments.lastEntry().getValue();
        boolean roll = active == null
                || (active.size + recordBytes > options.segmentBytes() && active.size > SEGMENT_HEADER_BYTES);
        if (totalBytes + recordBytes + (roll ? SEGMENT_HEADER_BYTES : 0) > options.maxBytes()) {
            return false;
        }
        try {
            if (roll) {
                if (active != null && options.fsyncPolicy() != FsyncPolicy.NEVER) {
                    force(); // seal the old segment before records land in a new one
                }
                active = createSegment();
            }
            ByteBuffer record = ByteBuffer.allocate((int) recordBytes);
            record.putInt(payload.length).putInt(crc(payload.length, payload, payload.length)).put(payload).flip();
            long at = active.size;
            try {
                writeFully(active.channel, record, at);
            } catch (IOException e) {
                truncateQuietly(active, at);
                throw e;
            }
            active.size += recordBytes;
            totalBytes += recordBytes;
            tailSequence++;
            dirty = true;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to spool " + dir, e);
        }
    }

    /** Records below this sequence may be read: forced ones under ALWAYS, all written ones otherwise. */
    private long readableUpTo() {
        return options.fsyncPolicy() == FsyncPolicy.ALWAYS ? durableSequence : tailSequence;
    }

    /** Makes the records before {@code upTo} durable as the policy says; called without holding the spool's monitor. */
    private void commit(long upTo) {
        switch (options.fsyncPolicy()) {
            case ALWAYS -> groupCommit(upTo);
            case INTERVAL -> {
                synchronized (this) {
                    if (System.nanoTime() - lastSyncNanos >= options.fsyncInterval().toNanos()) {
                        force();
                    }
                }
            }
            case NEVER -> { }
        }
    }

    /**
     * One fsync at a time; it covers every record appended before it started. A caller whose record
     * an earlier fsync already covered returns at once; the others wait for the next one, so N
     * concurrent appenders pay about one fsync per round instead of N.
     */
    private void groupCommit(long upTo) {
        synchronized (commitLock) {
            FileChannel channel;
            long target;
            synchronized (this) {
                if (durableSequence >= upTo) {
                    return;
                }
                ensureOpen();
                channel = segments.lastEntry().getValue().channel;
                target = tailSequence;
            }
            try {
                // older segments were forced when the active one was started; fdatasync: data plus the file length
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot fsync spool " + dir, e);
            }
            synchronized (this) {
                durableSequence = Math.max(durableSequence, target);
                fsyncs++;
            }
        }
    }

    /** fsyncs made by appends so far (for benchmarks: records per fsync shows how well group commit works). */
    public synchronized long fsyncCount() {
        return fsyncs;
    }

    private void force() {
        if (!dirty || segments.isEmpty()) {
            return;
        }
        try {
            // data plus the file length (fdatasync): what a reader needs to find the records again
            segments.lastEntry().getValue().channel.force(false);
            dirty = false;
            lastSyncNanos = System.nanoTime();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fsync spool " + dir, e);
        }
    }

    private Segment createSegment() throws IOException {
        long id = nextSegmentId++;
        Path path = dir.resolve(segmentName(id));
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment segment = new Segment(id, path, channel, 0);
        try {
            ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_BYTES).putInt(SEGMENT_MAGIC).putInt(FORMAT_VERSION).flip();
            writeFully(channel, header, 0);
            if (options.fsyncPolicy() != FsyncPolicy.NEVER) {
                channel.force(true);
                fsyncDirectory(); // the new directory entry must survive too
            }
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
        segment.size = SEGMENT_HEADER_BYTES;
        segments.put(id, segment);
        totalBytes += SEGMENT_HEADER_BYTES;
        return segment;
    }

    private void deleteSegment(Segment segment) throws IOException {
        segment.channel.close();
        Files.deleteIfExists(segment.path);
        totalBytes -= segment.size;
        if (segments.isEmpty()) {
            dirty = false;
        }
    }

    private void writeAck(Position position) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(ACK_FILE_BYTES);
        buffer.putInt(ACK_MAGIC).putInt(FORMAT_VERSION)
                .putLong(position.segment()).putLong(position.offset()).putLong(position.sequence());
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, ACK_FILE_BYTES - 4);
        buffer.putInt((int) crc.getValue()).flip();
        Path tmp = dir.resolve(ACK_FILE + ".tmp");
        boolean durable = options.fsyncPolicy() != FsyncPolicy.NEVER;
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            writeFully(channel, buffer, 0);
            if (durable) {
                channel.force(true);
            }
        }
        try {
            Files.move(tmp, dir.resolve(ACK_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(ACK_FILE), StandardCopyOption.REPLACE_EXISTING);
        }
        if (durable) {
            fsyncDirectory();
        }
    }

    // ---------------------------------------------------------------- recovery

    private void recover() throws IOException {
        Files.createDirectories(dir);
        lockDirectory();
        Files.deleteIfExists(dir.resolve(ACK_FILE + ".tmp"));
        Position ack = readAck();
        long ackSegment = ack == null ? -1 : ack.segment();

        List<Long> ids = listSegmentIds();
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            Path path = dir.resolve(segmentName(id));
            if (id < ackSegment) {
                Files.delete(path); // fully acknowledged; a crash came between the ack and the delete
                continue;
            }
            boolean last = i == ids.size() - 1;
            Segment segment = openSegment(id, path, last);
            if (segment != null) {
                segments.put(id, segment);
            }
        }

        Position start;
        if (ack != null && segments.containsKey(ack.segment())) {
            start = ack;
        } else {
            long first = segments.isEmpty() ? Math.max(ackSegment, 0) : segments.firstKey();
            start = new Position(first, SEGMENT_HEADER_BYTES, ack == null ? 0 : ack.sequence());
        }

        long sequence = start.sequence();
        Long lastId = segments.isEmpty() ? null : segments.lastKey();
        for (Segment segment : segments.tailMap(start.segment(), true).values()) {
            long from = SEGMENT_HEADER_BYTES;
            if (segment.id == start.segment()) {
                from = start.offset();
                if (from > segment.size) {
                    // acknowledged bytes that never reached the device (fsync policy never): nothing left to resend here
                    LOG.warn("Spool ack position {} lies beyond the end of {} ({} bytes); continuing from its end",
                            from, segment.path, segment.size);
                    from = segment.size;
                    start = new Position(segment.id, from, start.sequence());
                }
            }
            long[] scan = scanValid(segment, from);
            long validEnd = scan[0];
            sequence += scan[1];
            if (validEnd < segment.size) {
                cutInvalidTail(segment, validEnd, segment.id == lastId);
            }
        }
        acked = start;
        tailSequence = sequence;
        if (options.fsyncPolicy() != FsyncPolicy.NEVER && lastId != null) {
            segments.get(lastId).channel.force(false); // what a crashed process left in the page cache
        }
        durableSequence = sequence;
        totalBytes = segments.values().stream().mapToLong(s -> s.size).sum();
        nextSegmentId = Math.max(lastId == null ? -1 : lastId, ackSegment) + 1;
        if (depth() > 0) {
            LOG.info("Spool {} recovered: {} records ({} bytes) waiting to be delivered", dir, depth(), totalBytes);
        }
    }

    private Segment openSegment(long id, Path path, boolean last) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long size = channel.size();
        if (size < SEGMENT_HEADER_BYTES) {
            // a crash while creating the segment: it cannot hold a record yet
            channel.close();
            Files.delete(path);
            if (!last) {
                LOG.error("Spool segment {} had a torn header but was not the last segment; deleted it", path);
            }
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
        readFully(channel, header, 0);
        header.flip();
        int magic = header.getInt();
        int version = header.getInt();
        if (magic != SEGMENT_MAGIC) {
            channel.close();
            Path corrupt = path.resolveSibling(path.getFileName() + ".corrupt");
            Files.move(path, corrupt, StandardCopyOption.REPLACE_EXISTING);
            LOG.error("Spool segment {} has no spool header; moved it to {} and left it out", path, corrupt);
            return null;
        }
        if (version != FORMAT_VERSION) {
            channel.close();
            throw new IOException("spool segment " + path + " has format version " + version + "; this client reads " + FORMAT_VERSION);
        }
        return new Segment(id, path, channel, size);
    }

    /** Returns {valid end offset, records found} scanning from {@code from}. */
    private long[] scanValid(Segment segment, long from) throws IOException {
        long offset = from;
        long count = 0;
        while (offset < segment.size) {
            byte[] payload = readRecord(segment, offset);
            if (payload == null) {
                break;
            }
            offset += RECORD_HEADER_BYTES + payload.length;
            count++;
        }
        return new long[] {offset, count};
    }

    private void cutInvalidTail(Segment segment, long validEnd, boolean last) throws IOException {
        long cut = segment.size - validEnd;
        if (last) {
            LOG.warn("Spool segment {}: torn tail of {} bytes after offset {} (an append that never completed); truncated",
                    segment.path, cut, validEnd);
        } else {
            Path corrupt = segment.path.resolveSibling(segment.path.getFileName() + ".corrupt");
            try (FileChannel out = FileChannel.open(corrupt, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                segment.channel.transferTo(validEnd, cut, out);
                out.force(true);
            }
            LOG.error("Spool segment {}: {} unreadable bytes after offset {} in a sealed segment (media corruption?); "
                    + "copied to {} and cut, the records after them in this segment cannot be recovered automatically",
                    segment.path, cut, validEnd, corrupt);
        }
        segment.channel.truncate(validEnd);
        segment.channel.force(true);
        segment.size = validEnd;
    }

    private Position readAck() throws IOException {
        Path file = dir.resolve(ACK_FILE);
        if (!Files.exists(file)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == ACK_FILE_BYTES) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            int magic = buffer.getInt();
            int version = buffer.getInt();
            long segment = buffer.getLong();
            long offset = buffer.getLong();
            long sequence = buffer.getLong();
            CRC32 crc = new CRC32();
            crc.update(bytes, 0, ACK_FILE_BYTES - 4);
            if (magic == ACK_MAGIC && version == FORMAT_VERSION && buffer.getInt() == (int) crc.getValue()
                    && segment >= 0 && offset >= SEGMENT_HEADER_BYTES && sequence >= 0) {
                return new Position(segment, offset, sequence);
            }
        }
        LOG.warn("Spool ack file {} is unreadable; delivering again from the oldest segment (duplicates possible)", file);
        return null;
    }

    private List<Long> listSegmentIds() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(SEGMENT_SUFFIX) && name.length() == 20 + SEGMENT_SUFFIX.length())
                    .map(name -> Long.parseLong(name.substring(0, 20)))
                    .sorted()
                    .toList();
        }
    }

    private void lockDirectory() throws IOException {
        lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IllegalStateException("spool directory " + dir + " is in use by another spool");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The payload of the record at {@code offset}, or null if no valid record starts there. */
    private static byte[] readRecord(Segment segment, long offset) throws IOException {
        if (offset + RECORD_HEADER_BYTES > segment.size) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER_BYTES);
        readFully(segment.channel, header, offset);
        header.flip();
        int length = header.getInt();
        int crc = header.getInt();
        if (length <= 0 || length > MAX_RECORD_BYTES || offset + RECORD_HEADER_BYTES + length > segment.size) {
            return null;
        }
        byte[] payload = new byte[length];
        readFully(segment.channel, ByteBuffer.wrap(payload), offset + RECORD_HEADER_BYTES);
        return crc(length, payload, length) == crc ? payload : null;
    }

    /** CRC32 over the length field and the payload, so a damaged length that still fits is caught too. */
    static int crc(int length, byte[] payload, int payloadLength) {
        CRC32 crc = new CRC32();
        crc.update(ByteBuffer.allocate(4).putInt(length).array());
        crc.update(payload, 0, payloadLength);
        return (int) crc.getValue();
    }

    static String segmentName(long id) {
        return String.format("%020d%s", id, SEGMENT_SUFFIX);
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of spool file at " + at);
            }
            at += n;
        }
    }

    private void fsyncDirectory() {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some platforms cannot open a directory for fsync; the rename/create is then as durable as the OS makes it
            LOG.debug("Cannot fsync spool directory {}", dir, e);
        }
    }

    private static void truncateQuietly(Segment segment, long size) {
        try {
            segment.channel.truncate(size);
        } catch (IOException e) {
            LOG.warn("Cannot cut a failed append off {}; recovery will truncate it", segment.path, e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("spool " + dir + " is closed");
        }
    }

    private void closeQuietly() {
        for (Map.Entry<Long, Segment> entry : segments.entrySet()) {
            try {
                entry.getValue().channel.close();
            } catch (IOException e) {
                LOG.debug("Closing {}", entry.getValue().path, e);
            }
        }
        segments.clear();
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.debug("Releasing spool lock in {}", dir, e);
        }
    }

    /** One segment file, open for reading and (if last) appending. */
    private static final class Segment {
        final long id;
        final Path path;
        final FileChannel channel;
        long size;

        Segment(long id, Path path, FileChannel channel, long size) {
            this.id = id;
            this.path = path;
            this.channel = channel;
            this.size = size;
        }
    }
}
