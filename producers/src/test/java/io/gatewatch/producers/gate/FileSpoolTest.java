package io.gatewatch.producers.gate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.producers.gate.FileSpool.Entry;
import io.gatewatch.producers.gate.FileSpool.Options;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FileSpoolTest {
    private static final Options SMALL_SEGMENTS = new Options(64 * 1024, 256, FsyncPolicy.ALWAYS, Duration.ofSeconds(1));

    @TempDir
    Path dir;

    private final List<FileSpool> opened = new ArrayList<>();

    @AfterEach
    void closeSpools() {
        opened.forEach(FileSpool::close);
    }

    @Test
    void shouldReadRecordsInAppendOrder() throws Exception {
        FileSpool spool = open(Options.defaults());

        append(spool, "scan-1", "scan-2", "scan-3");

        assertThat(texts(spool.read(10))).containsExactly("scan-1", "scan-2", "scan-3");
        assertThat(spool.depth()).isEqualTo(3);
    }

    @Test
    void shouldNotReturnAcknowledgedRecordsAgain() throws Exception {
        FileSpool spool = open(Options.defaults());
        append(spool, "scan-1", "scan-2", "scan-3");

        List<Entry> firstTwo = spool.read(2);
        spool.acknowledge(firstTwo.get(1).next());

        assertThat(texts(spool.read(10))).containsExactly("scan-3");
        assertThat(spool.depth()).isEqualTo(1);
    }

    @Test
    void shouldReturnTheSameRecordsUntilTheyAreAcknowledged() throws Exception {
        FileSpool spool = open(Options.defaults());
        append(spool, "scan-1", "scan-2");

        spool.read(10);

        assertThat(texts(spool.read(10))).containsExactly("scan-1", "scan-2");
    }

    @Test
    void shouldKeepUnacknowledgedRecordsAcrossRestart() throws Exception {
        FileSpool spool = open(Options.defaults());
        append(spool, "scan-1", "scan-2", "scan-3");
        spool.acknowledge(spool.read(1).get(0).next());
        spool.close();

        FileSpool reopened = open(Options.defaults());

        assertThat(reopened.depth()).isEqualTo(2);
        assertThat(texts(reopened.read(10))).containsExactly("scan-2", "scan-3");
    }

    @Test
    void shouldContinueSequenceAndOrderAfterRestart() throws Exception {
        FileSpool spool = open(SMALL_SEGMENTS);
        append(spool, numbered(0, 20));
        spool.close();

        FileSpool reopened = open(SMALL_SEGMENTS);
        append(reopened, numbered(20, 40));

        List<Entry> all = reopened.read(100);
        assertThat(texts(all)).containsExactlyElementsOf(List.of(numbered(0, 40)));
        assertThat(all).extracting(Entry::sequence).containsExactlyElementsOf(LongRange.of(0, 40));
    }

    @Test
    void shouldTruncateTornTailOnRecovery() throws Exception {
        FileSpool spool = open(Options.defaults());
        append(spool, "scan-1", "scan-2", "scan-3");
        spool.close();
        // an append cut short by a crash: the header promises 100 bytes, 10 arrived
        appendRawBytes(lastSegment(), ByteBuffer.allocate(18).putInt(100).putInt(12345).put(new byte[10]).array());

        FileSpool reopened = open(Options.defaults());

        assertThat(reopened.depth()).isEqualTo(3);
        append(reopened, "scan-4");
        assertThat(texts(reopened.read(10))).containsExactly("scan-1", "scan-2", "scan-3", "scan-4");
    }

    @Test
    void shouldTruncateTailRecordWithBadChecksum() throws Exception {
        FileSpool spool = open(Options.defaults());
        append(spool, "scan-1", "scan-2", "scan-3");
        spool.close();
        flipLastByte(lastSegment());

        FileSpool reopened = open(Options.defaults());

        assertThat(texts(reopened.read(10))).containsExactly("scan-1", "scan-2");
    }

    @Test
    void shouldNotTakeZeroFilledTailForRecords() throws Exception {
        FileSpool spool = open(Options.defaults());
        append(spool, "scan-1");
        spool.close();
        // some file systems leave zeros after a crash when the size was extended but the data not written
        appendRawBytes(lastSegment(), new byte[64]);

        FileSpool reopened = open(Options.defaults());

        assertThat(texts(reopened.read(10))).containsExactly("scan-1");
    }

    @Test
    void shouldDropSegmentWithTornHeader() throws Exception {
        FileSpool spool = open(SMALL_SEGMENTS);
        append(spool, numbered(0, 5));
        spool.close();
        Files.write(dir.resolve(FileSpool.segmentName(999)), new byte[] {0x47, 0x57});

        FileSpool reopened = open(SMALL_SEGMENTS);
        append(reopened, "after");

        assertThat(texts(reopened.read(100))).containsExactly("scan-0", "scan-1", "scan-2", "scan-3", "scan-4", "after");
    }

    @Test
    void shouldSetAsideCorruptBytesOfASealedSegment() throws Exception {
        FileSpool spool = open(SMALL_SEGMENTS);
        append(spool, numbered(0, 30));
        spool.close();
        List<Path> segments = segmentFiles();
        assertThat(segments).hasSize(2);
        flipLastByte(segments.get(0));

        FileSpool reopened = open(SMALL_SEGMENTS);

        // segment 0 holds scan-0..scan-16 (8-byte header, 10 x 14 + 7 x 15 bytes): scan-16 is the damaged one
        List<String> expected = new ArrayList<>(List.of(numbered(0, 30)));
        expected.remove("scan-16");
        assertThat(texts(reopened.read(100))).containsExactlyElementsOf(expected);
        assertThat(dir.resolve(segments.get(0).getFileName() + ".corrupt")).exists();
    }

    @Test
    void shouldRefuseAppendWhenFullAndKeepWhatItHas() throws Exception {
        Options tiny = new Options(200, 200, FsyncPolicy.ALWAYS, Duration.ofSeconds(1));
        FileSpool spool = open(tiny);
        int accepted = 0;
        while (true) {
            try {
                spool.append(("scan-" + accepted).getBytes(UTF_8));
                accepted++;
            } catch (SpoolFullException e) {
                assertThat(e.maxBytes()).isEqualTo(200);
                break;
            }
        }

        assertThat(accepted).isPositive();
        assertThat(spool.depth()).isEqualTo(accepted);
        assertThat(spool.sizeBytes()).isLessThanOrEqualTo(200);
        assertThat(texts(spool.read(100))).containsExactlyElementsOf(List.of(numbered(0, accepted)));
    }

    @Test
    void shouldAcceptAgainOnceDrained() throws Exception {
        Options tiny = new Options(200, 200, FsyncPolicy.ALWAYS, Duration.ofSeconds(1));
        FileSpool spool = open(tiny);
        fill(spool);
        List<Entry> all = spool.read(100);

        spool.acknowledge(all.get(all.size() - 1).next());
        append(spool, "next");

        assertThat(texts(spool.read(10))).containsExactly("next");
    }

    @Test
    void shouldAppendTheBatchPrefixThatFits() throws Exception {
        Options tiny = new Options(100, 100, FsyncPolicy.ALWAYS, Duration.ofSeconds(1));
        FileSpool spool = open(tiny);
        List<byte[]> batch = Stream.of(numbered(0, 10)).map(s -> s.getBytes(UTF_8)).toList();

        int written = spool.appendAll(batch);

        assertThat(written).isBetween(1, 9);
        assertThat(texts(spool.read(100))).containsExactlyElementsOf(List.of(numbered(0, written)));
    }

    @Test
    void shouldRollSegmentsAndDeleteThemOnceAcknowledged() throws Exception {
        FileSpool spool = open(SMALL_SEGMENTS);
        append(spool, numbered(0, 40));
        assertThat(segmentFiles()).hasSizeGreaterThan(2);

        List<Entry> all = spool.read(100);
        spool.acknowledge(all.get(19).next());
        long remainingAfterHalf = segmentFiles().size();
        spool.acknowledge(all.get(39).next());

        assertThat(remainingAfterHalf).isLessThan(segmentFilesCount(40));
        assertThat(segmentFiles()).isEmpty();
        assertThat(spool.sizeBytes()).isZero();
        assertThat(spool.depth()).isZero();
    }

    @Test
    void shouldStartCleanAfterRestartOfADrainedSpool() throws Exception {
        FileSpool spool = open(SMALL_SEGMENTS);
        append(spool, numbered(0, 10));
        List<Entry> all = spool.read(100);
        spool.acknowledge(all.get(9).next());
        spool.close();

        FileSpool reopened = open(SMALL_SEGMENTS);
        append(reopened, "later");

        assertThat(texts(reopened.read(100))).containsExactly("later");
        assertThat(reopened.read(1).get(0).sequence()).isEqualTo(10);
    }

    @Test
    void shouldRedeliverEverythingWhenTheAckFileIsUnreadable() throws Exception {
        FileSpool spool = open(Options.defaults());
        append(spool, "scan-1", "scan-2");
        spool.acknowledge(spool.read(1).get(0).next());
        spool.close();
        Files.write(dir.resolve(FileSpool.ACK_FILE), new byte[] {1, 2, 3});

        FileSpool reopened = open(Options.defaults());

        assertThat(texts(reopened.read(10))).containsExactly("scan-1", "scan-2");
    }

    @Test
    void shouldForceEveryAppendBeforeItReturnsUnderAlways() throws Exception {
        FileSpool spool = open(Options.defaults());

        append(spool, "scan-1", "scan-2", "scan-3");

        assertThat(spool.fsyncCount()).isEqualTo(3);
    }

    @Test
    void shouldForceABatchWithOneFsync() throws Exception {
        FileSpool spool = open(Options.defaults());

        spool.appendAll(List.of("scan-1".getBytes(UTF_8), "scan-2".getBytes(UTF_8), "scan-3".getBytes(UTF_8)));

        assertThat(spool.fsyncCount()).isEqualTo(1);
        assertThat(texts(spool.read(10))).containsExactly("scan-1", "scan-2", "scan-3");
    }

    @Test
    void shouldRefuseASecondSpoolOnTheSameDirectory() throws Exception {
        open(Options.defaults());

        assertThatThrownBy(() -> FileSpool.open(dir, Options.defaults()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in use");
    }

    @Test
    void shouldRefuseEmptyRecords() throws Exception {
        FileSpool spool = open(Options.defaults());

        assertThatThrownBy(() -> spool.append(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThat(spool.depth()).isZero();
    }

    @Test
    void shouldRefuseAcknowledgingBeyondTheTail() throws Exception {
        FileSpool spool = open(Options.defaults());
        append(spool, "scan-1");

        assertThatThrownBy(() -> spool.acknowledge(new FileSpool.Position(0, 10_000, 5)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(FsyncPolicy.class)
    void shouldSurviveRestartUnderEveryFsyncPolicy(FsyncPolicy policy) throws Exception {
        Options options = new Options(64 * 1024, 256, policy, Duration.ofMillis(5));
        FileSpool spool = open(options);
        append(spool, numbered(0, 25));
        spool.close();

        FileSpool reopened = open(options);

        assertThat(texts(reopened.read(100))).containsExactlyElementsOf(List.of(numbered(0, 25)));
    }

    // ---------------------------------------------------------------- helpers

    private FileSpool open(Options options) throws IOException {
        FileSpool spool = FileSpool.open(dir, options);
        opened.add(spool);
        return spool;
    }

    private static void append(FileSpool spool, String... texts) throws SpoolFullException {
        for (String text : texts) {
            spool.append(text.getBytes(UTF_8));
        }
    }

    private static void fill(FileSpool spool) {
        for (int i = 0; ; i++) {
            try {
                spool.append(("scan-" + i).getBytes(UTF_8));
            } catch (SpoolFullException e) {
                return;
            }
        }
    }

    private static String[] numbered(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "scan-" + i).toArray(String[]::new);
    }

    private static List<String> texts(List<Entry> entries) {
        return entries.stream().map(e -> new String(e.payload(), UTF_8)).toList();
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(FileSpool.SEGMENT_SUFFIX)).sorted().toList();
        }
    }

    private long segmentFilesCount(int records) {
        // every "scan-NN" record is 8 + 7 bytes; a 256-byte segment holds 16 of them after its header
        return (records + 15) / 16;
    }

    private Path lastSegment() throws IOException {
        List<Path> segments = segmentFiles();
        return segments.get(segments.size() - 1);
    }

    private static void appendRawBytes(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.APPEND);
    }

    private static void flipLastByte(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, channel.size() - 1);
            one.put(0, (byte) (one.get(0) ^ 0xFF)).rewind();
            channel.write(one, channel.size() - 1);
        }
    }

    private static final class LongRange {
        static List<Long> of(long from, long to) {
            return java.util.stream.LongStream.range(from, to).boxed().toList();
        }
    }
}
