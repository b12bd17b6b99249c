// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "frame.h"
#include "framereader.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Confab::Wire;

namespace {

const QList<QByteArray> conversation = {
    R"({"type":"hello","id":1,"protocol":"confab","version":1})",
    R"({"re":1,"ok":true,"version":1,"maxFrame":65536})",
    R"({"type":"auth","id":2,"username":"alice","secret":"s3cret","displayName":"Alice \u2713"})",
    R"({"event":"message","message":{"id":7,"room":"default","text":"line 1\nline 2"}})",
    "{\"type\":\"msg.send\",\"id\":3,\"room\":\"default\",\"text\":\"caf\xc3\xa9\"}",
    R"({"type":"bye","id":4})",
};

QByteArray joined(const QList<QByteArray> &frames, const char *end = "\n")
{
    QByteArray out;
    for (const QByteArray &frame : frames)
        out += frame + end;
    return out;
}

struct Drained
{
    QList<QByteArray> frames;
    FrameReader::Status last = FrameReader::Status::NeedMore;
};

/// Takes every complete frame; last is the status that ended the loop.
Drained drain(FrameReader &reader)
{
    Drained out;
    QByteArray frame;
    while ((out.last = reader.next(&frame)) == FrameReader::Status::Frame)
        out.frames << frame;
    return out;
}

/// Feeds data in chunks of the given sizes (cycled), draining after each append and checking
/// that no more than the limit of an unfinished frame is ever held.
Drained feed(FrameReader &reader, const QByteArray &data, const QList<int> &chunks)
{
    Drained all;
    for (qsizetype pos = 0, i = 0; pos < data.size(); ++i) {
        const qsizetype n = qMin<qsizetype>(chunks[i % chunks.size()], data.size() - pos);
        reader.append(QByteArrayView(data).sliced(pos, n));
        pos += n;
        const Drained d = drain(reader);
        all.frames += d.frames;
        all.last = d.last;
        if (reader.bufferedBytes() >= reader.maxFrameSize())
            qFatal("buffered %lld bytes", qlonglong(reader.bufferedBytes()));
    }
    return all;
}

/// The obvious, slow splitter: frames until the first one longer than max (line end included),
/// and whether the stream is broken (such a frame, or an unfinished tail that cannot fit).
Drained reference(const QByteArray &data, int max)
{
    Drained out;
    qsizetype pos = 0;
    for (;;) {
        const qsizetype lf = data.indexOf('\n', pos);
        if (lf < 0) {
            const qsizetype tail = data.size() - pos;
            out.last = tail + 1 <= max ? FrameReader::Status::NeedMore : FrameReader::Status::Error;
            return out;
        }
        if (lf - pos + 1 > max) {
            out.last = FrameReader::Status::Error;
            return out;
        }
        QByteArray frame = data.mid(pos, lf - pos);
        if (frame.endsWith('\r'))
            frame.chop(1);
        out.frames << frame;
        pos = lf + 1;
    }
}

} // namespace

class tst_FrameReader : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void chunked_data();
    void chunked();
    void coalesced();
    void lineEnds_data();
    void lineEnds();
    void limit_data();
    void limit();
    void defaultLimitEdges_data();
    void defaultLimitEdges();
    void oneMiBWithoutNewline_data();
    void oneMiBWithoutNewline();
    void framesBeforeErrorAreDelivered();
    void errorIsSticky();
    void garbageMatchesReference_data();
    void garbageMatchesReference();
    void manyFramesReadLazily();
};

void tst_FrameReader::defaults()
{
    FrameReader reader;
    QCOMPARE(reader.maxFrameSize(), 65536);
    QCOMPARE(reader.maxFrameSize(), MaxFrameSize);
    QVERIFY(!reader.hasError());
    QVERIFY(reader.errorCode().isEmpty());
    QVERIFY(reader.errorString().isEmpty());
    QByteArray frame = "untouched";
    QCOMPARE(reader.next(&frame), FrameReader::Status::NeedMore);
    QCOMPARE(frame, QByteArray("untouched"));
    reader.append({});
    QCOMPARE(reader.bufferedBytes(), 0);
}

void tst_FrameReader::chunked_data()
{
    QTest::addColumn<QList<int>>("chunks");
    QTest::addColumn<bool>("crlf");
    for (bool crlf : {false, true}) {
        const char *end = crlf ? "CRLF" : "LF";
        QTest::addRow("byte by byte, %s", end) << QList<int> {1} << crlf;
        QTest::addRow("2-byte reads, %s", end) << QList<int> {2} << crlf;
        QTest::addRow("odd reads, %s", end) << QList<int> {3, 1, 7, 2, 50} << crlf;
        QTest::addRow("one read, %s", end) << QList<int> {1 << 20} << crlf;
    }
}

void tst_FrameReader::chunked()
{
    QFETCH(QList<int>, chunks);
    QFETCH(bool, crlf);
    FrameReader reader;
    const Drained d = feed(reader, joined(conversation, crlf ? "\r\n" : "\n"), chunks);
    QCOMPARE(d.frames, conversation);
    QCOMPARE(d.last, FrameReader::Status::NeedMore);
    QCOMPARE(reader.bufferedBytes(), 0);
    // Every frame parses as what it is.
    for (const QByteArray &frame : d.frames)
        QVERIFY2(Frame::parse(frame).kind != Frame::Parsed::Invalid, frame.constData());
}

void tst_FrameReader::coalesced()
{
    FrameReader reader;
    const QByteArray partial = R"({"type":"ping",)";
    reader.append(joined(conversation) + partial);
    QCOMPARE(reader.bufferedBytes(), joined(conversation).size() + partial.size());
    Drained d = drain(reader);
    QCOMPARE(d.frames, conversation);
    QCOMPARE(d.last, FrameReader::Status::NeedMore);
    QCOMPARE(reader.bufferedBytes(), partial.size()); // the unfinished frame stays
    reader.append("\"id\":9}\r");
    QCOMPARE(drain(reader).frames, QList<QByteArray>());
    reader.append("\n{\"event\":\"x\"}\n");
    d = drain(reader);
    QCOMPARE(d.frames, (QList<QByteArray> {R"({"type":"ping","id":9})", R"({"event":"x"})"}));
    QCOMPARE(reader.bufferedBytes(), 0);
}

void tst_FrameReader::lineEnds_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<QByteArray>>("frames");
    QTest::newRow("LF") << QByteArray("a\nb\n") << QList<QByteArray> {"a", "b"};
    QTest::newRow("CRLF") << QByteArray("a\r\nb\r\n") << QList<QByteArray> {"a", "b"};
    QTest::newRow("mixed") << QByteArray("a\r\nb\nc\r\n") << QList<QByteArray> {"a", "b", "c"};
    QTest::newRow("empty frames") << QByteArray("\n\r\n\n") << QList<QByteArray> {"", "", ""};
    QTest::newRow("only one CR stripped") << QByteArray("a\r\r\n") << QList<QByteArray> {"a\r"};
    QTest::newRow("lone CR stays") << QByteArray("a\rb\n") << QList<QByteArray> {"a\rb"};
    QTest::newRow("CR after LF starts the next frame")
        << QByteArray("a\n\rb\n") << QList<QByteArray> {"a", "\rb"};
    QTest::newRow("no end yet") << QByteArray("a\nb\r") << QList<QByteArray> {"a"};
    QTest::newRow("NUL bytes pass") << QByteArray("a\0b\n", 4) << QList<QByteArray> {QByteArray("a\0b", 3)};
}

void tst_FrameReader::lineEnds()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<QByteArray>, frames);
    for (int chunk : {1, 2, 1000}) {
        FrameReader reader;
        const Drained d = feed(reader, input, {chunk});
        QCOMPARE(d.frames, frames);
        QCOMPARE(d.last, FrameReader::Status::NeedMore);
    }
}

void tst_FrameReader::limit_data()
{
    QTest::addColumn<int>("max");
    QTest::addColumn<int>("chunk");
    for (int max : {2, 3, 5, 64, 1000}) {
        for (int chunk : {1, 2, 3, 1 << 20})
            QTest::addRow("max %d chunk %d", max, chunk) << max << chunk;
    }
}

void tst_FrameReader::limit()
{
    QFETCH(int, max);
    QFETCH(int, chunk);
    {
        // Exactly max bytes with LF, and with CRLF: accepted, also with frames around them.
        const QByteArray withLf(max - 1, 'x');
        const QByteArray withCrLf(max - 2, 'y');
        FrameReader reader(max);
        const Drained d = feed(reader, "\n" + withLf + "\n" + withCrLf + "\r\n\n", {chunk});
        QCOMPARE(d.frames, (QList<QByteArray> {"", withLf, withCrLf, ""}));
        QCOMPARE(d.last, FrameReader::Status::NeedMore);
        QVERIFY(!reader.hasError());
    }
    for (const char *end : {"\n", "\r\n"}) {
        // One byte more: the frame is never handed out, the frame before it is.
        const QByteArray tooLong(max - qsizetype(qstrlen(end)) + 1, 'x');
        FrameReader reader(max);
        const Drained d = feed(reader, "\n" + tooLong + end + "z\n", {chunk});
        QCOMPARE(d.frames, (QList<QByteArray> {""}));
        QCOMPARE(d.last, FrameReader::Status::Error);
        QVERIFY(reader.hasError());
        QCOMPARE(reader.errorCode(), QStringLiteral("frame-too-large"));
        QVERIFY(reader.errorString().contains(QString::number(max)));
    }
}

void tst_FrameReader::defaultLimitEdges_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<bool>("accepted");
    // A real JSON frame padded to the exact size.
    auto padded = [](qsizetype size, const char *end) {
        const QByteArray head = R"({"type":"msg.send","id":1,"text":")";
        const QByteArray tail = QByteArray("\"}") + end;
        return head + QByteArray(size - head.size() - tail.size(), 'a') + tail;
    };
    QTest::newRow("65536 with LF") << padded(65536, "\n") << true;
    QTest::newRow("65537 with LF") << padded(65537, "\n") << false;
    QTest::newRow("65536 with CRLF") << padded(65536, "\r\n") << true;
    QTest::newRow("65537 with CRLF") << padded(65537, "\r\n") << false;
}

void tst_FrameReader::defaultLimitEdges()
{
    QFETCH(QByteArray, wire);
    QFETCH(bool, accepted);
    for (int chunk : {1, 4096, int(wire.size())}) {
        FrameReader reader;
        const Drained d = feed(reader, wire, {chunk});
        QCOMPARE(d.frames.size(), accepted ? 1 : 0);
        QCOMPARE(d.last, accepted ? FrameReader::Status::NeedMore : FrameReader::Status::Error);
        if (accepted) {
            const Frame::Parsed parsed = Frame::parse(d.frames.first());
            QCOMPARE(parsed.kind, Frame::Parsed::Request);
            QCOMPARE(parsed.type, QStringLiteral("msg.send"));
        }
    }
}

void tst_FrameReader::oneMiBWithoutNewline_data()
{
    QTest::addColumn<int>("chunk");
    QTest::newRow("one append") << (1 << 20);
    QTest::newRow("64 KiB reads") << 65536;
    QTest::newRow("4 KiB reads") << 4096;
    QTest::newRow("1000-byte reads") << 1000;
    QTest::newRow("byte by byte") << 1;
}

void tst_FrameReader::oneMiBWithoutNewline()
{
    QFETCH(int, chunk);
    const QByteArray flood(1 << 20, '{');
    FrameReader reader;
    const int max = reader.maxFrameSize();
    qsizetype errorAt = -1;
    for (qsizetype pos = 0; pos < flood.size(); pos += chunk) {
        reader.append(QByteArrayView(flood).sliced(pos, qMin<qsizetype>(chunk, flood.size() - pos)));
        QVERIFY(reader.bufferedBytes() < max);
        if (errorAt < 0 && reader.hasError())
            errorAt = pos + chunk;
    }
    // max - 1 bytes plus LF would still fit; the error comes with byte max, or with the first
    // read that contains it.
    const qsizetype expected = ((max + chunk - 1) / chunk) * chunk;
    QCOMPARE(errorAt, expected);
    QCOMPARE(reader.bufferedBytes(), 0);
    QByteArray frame;
    QCOMPARE(reader.next(&frame), FrameReader::Status::Error);
    QCOMPARE(reader.errorCode(), QString(ErrorCode::FrameTooLarge));
    QCOMPARE(reader.errorString(), QStringLiteral("frame longer than 65536 bytes (line end included)"));
}

void tst_FrameReader::framesBeforeErrorAreDelivered()
{
    const QByteArray input = "{\"a\":1}\n{\"b\":2}\r\n" + QByteArray(70000, 'x') + "\n{\"c\":3}\n";
    for (int chunk : {1, 7, 4096, int(input.size())}) {
        FrameReader reader;
        const Drained d = feed(reader, input, {chunk});
        QCOMPARE(d.frames, (QList<QByteArray> {R"({"a":1})", R"({"b":2})"}));
        QCOMPARE(d.last, FrameReader::Status::Error);
    }
    // In one append the error is known at once, before the earlier frames are read.
    FrameReader reader;
    reader.append(input);
    QVERIFY(reader.hasError());
    QCOMPARE(reader.bufferedBytes(), 17); // the two complete frames, nothing of the long one
    QCOMPARE(drain(reader).frames.size(), 2);
}

void tst_FrameReader::errorIsSticky()
{
    FrameReader reader(16);
    reader.append(QByteArray(20, 'x'));
    QVERIFY(reader.hasError());
    const QString error = reader.errorString();
    QVERIFY(!error.isEmpty());
    QByteArray frame = "kept";
    for (int i = 0; i < 3; ++i) {
        reader.append("{}\n");
        QCOMPARE(reader.next(&frame), FrameReader::Status::Error);
        QCOMPARE(reader.bufferedBytes(), 0);
        QVERIFY(reader.hasError());
        QCOMPARE(reader.errorString(), error);
        QCOMPARE(reader.errorCode(), QStringLiteral("frame-too-large"));
    }
    QCOMPARE(frame, QByteArray("kept"));
}

void tst_FrameReader::garbageMatchesReference_data()
{
    QTest::addColumn<int>("max");
    QTest::addColumn<QByteArray>("alphabet");
    QTest::newRow("binary 65536") << 65536 << QByteArray();
    QTest::newRow("binary 300") << 300 << QByteArray();
    QTest::newRow("lf-heavy 16") << 16 << QByteArray("\r\n\nab {");
    QTest::newRow("lf-heavy 64") << 64 << QByteArray("\r\nxxxxxxxx");
    QTest::newRow("lf-heavy 1000") << 1000 << QByteArray("\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
}

void tst_FrameReader::garbageMatchesReference()
{
    QFETCH(int, max);
    QFETCH(QByteArray, alphabet);
    QRandomGenerator rng(65536);
    for (int round = 0; round < 300; ++round) {
        QByteArray data(rng.bounded(1, 4000), Qt::Uninitialized);
        for (char &c : data)
            c = alphabet.isEmpty() ? char(rng.bounded(256)) : alphabet[rng.bounded(int(alphabet.size()))];
        const Drained expected = reference(data, max);
        QList<int> chunks;
        for (int i = 0; i < 8; ++i)
            chunks << (round % 3 == 0 ? 1 : int(rng.bounded(1, 300)));
        FrameReader reader(max);
        const Drained got = feed(reader, data, chunks);
        QCOMPARE(got.frames, expected.frames);
        QCOMPARE(got.last, expected.last);
    }
}

void tst_FrameReader::manyFramesReadLazily()
{
    // Frames pile up (one read per append) so the buffer is compacted many times over while
    // complete frames are still waiting; none may be lost or reordered.
    FrameReader reader(64);
    QByteArray frame;
    qint64 expected = 0;
    for (qint64 i = 0; i < 20000; ++i) {
        reader.append(QByteArray::number(i) + (i % 2 ? "\n" : "\r\n"));
        if (i % 3 != 2)
            continue;
        QCOMPARE(reader.next(&frame), FrameReader::Status::Frame);
        QCOMPARE(frame, QByteArray::number(expected++));
    }
    while (reader.next(&frame) == FrameReader::Status::Frame)
        QCOMPARE(frame, QByteArray::number(expected++));
    QCOMPARE(expected, 20000);
    QCOMPARE(reader.bufferedBytes(), 0);
}

QTEST_GUILESS_MAIN(tst_FrameReader)
#include "tst_framereader.moc"
