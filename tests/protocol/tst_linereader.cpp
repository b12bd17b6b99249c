// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "linereader.h"
#include "textcodec.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Confab::Ipk;

namespace {

const QList<QByteArray> conversation = {
    "AUTH alice AS Alice USING s3cret",
    "REPLY OK IS Auth success.",
    "MSG FROM Server IS Alice has joined default.",
    "MSG FROM Alice IS Hello everybody!",
    "JOIN room-2 AS Alice",
    "REPLY OK IS Join success.",
    "MSG FROM Server IS Alice has joined room-2.",
    "BYE",
};

QByteArray joined(const QList<QByteArray> &lines)
{
    QByteArray out;
    for (const QByteArray &line : lines)
        out += line + "\r\n";
    return out;
}

struct Drained
{
    QList<QByteArray> lines;
    LineReader::Status last = LineReader::Status::NeedMore;
};

/// Takes every complete line; last is the status that ended the loop.
Drained drain(LineReader &reader)
{
    Drained out;
    QByteArray line;
    while ((out.last = reader.next(&line)) == LineReader::Status::Line)
        out.lines << line;
    return out;
}

/// Feeds data in chunks of the given sizes (cycled), draining after each append.
Drained feed(LineReader &reader, const QByteArray &data, const QList<int> &chunks)
{
    Drained all;
    for (qsizetype pos = 0, i = 0; pos < data.size(); ++i) {
        const qsizetype n = qMin<qsizetype>(chunks[i % chunks.size()], data.size() - pos);
        reader.append(QByteArrayView(data).sliced(pos, n));
        pos += n;
        const Drained d = drain(reader);
        all.lines += d.lines;
        all.last = d.last;
        if (reader.bufferedBytes() > reader.maxLineLength())
            qFatal("buffered %lld bytes", qlonglong(reader.bufferedBytes()));
    }
    return all;
}

/// The obvious, slow splitter: lines until the first one longer than max (CRLF included),
/// and whether the stream is broken (such a line, or an unfinished tail that cannot fit).
Drained reference(const QByteArray &data, int max)
{
    Drained out;
    qsizetype pos = 0;
    for (;;) {
        const qsizetype crlf = data.indexOf("\r\n", pos);
        if (crlf < 0) {
            const qsizetype tail = data.size() - pos;
            const bool fits = tail == 0 || tail + (data.endsWith('\r') ? 1 : 2) <= max;
            out.last = fits ? LineReader::Status::NeedMore : LineReader::Status::Error;
            return out;
        }
        if (crlf - pos + 2 > max) {
            out.last = LineReader::Status::Error;
            return out;
        }
        out.lines << data.mid(pos, crlf - pos);
        pos = crlf + 2;
    }
}

} // namespace

class tst_LineReader : public QObject
{
    Q_OBJECT

private slots:
    void defaults();
    void sevenFragments_data();
    void sevenFragments();
    void byteByByte();
    void coalesced();
    void crlfSplitAcrossAppends_data();
    void crlfSplitAcrossAppends();
    void loneCrLfStayInLine_data();
    void loneCrLfStayInLine();
    void limit_data();
    void limit();
    void crAtLimitNotFollowedByLf();
    void oneMiBWithoutNewline_data();
    void oneMiBWithoutNewline();
    void linesBeforeErrorAreDelivered();
    void errorIsSticky();
    void garbageMatchesReference_data();
    void garbageMatchesReference();
    void manyLines();
    void specMaxLinesPass();
};

void tst_LineReader::defaults()
{
    LineReader reader;
    QCOMPARE(reader.maxLineLength(), 1435);
    QVERIFY(!reader.hasError());
    QByteArray line = "untouched";
    QCOMPARE(reader.next(&line), LineReader::Status::NeedMore);
    QCOMPARE(line, QByteArray("untouched"));
    reader.append({});
    QCOMPARE(reader.bufferedBytes(), 0);
}

void tst_LineReader::sevenFragments_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QList<int>>("cuts"); // six cut points, making seven fragments
    for (const QByteArray &line : conversation) {
        const QByteArray wire = line + "\r\n";
        if (wire.size() < 7)
            continue; // BYE: too short for seven fragments, byteByByte() covers it
        QList<int> even;
        for (int i = 1; i <= 6; ++i)
            even << int(wire.size() * i / 7);
        QTest::addRow("even %s", line.constData()) << line << even;
    }
    // Cuts right around the CRLF, and fragments of one byte at the start.
    const QByteArray msg = "MSG FROM Alice IS Hello everybody!";
    const int n = int(msg.size()) + 2;
    QTest::newRow("cut before CR and LF") << msg << QList<int> {1, 2, 3, 10, n - 2, n - 1};
    QTest::newRow("tiny head") << msg << QList<int> {1, 2, 3, 4, 5, 6};
    QTest::newRow("tiny tail") << msg << QList<int> {n - 6, n - 5, n - 4, n - 3, n - 2, n - 1};
}

void tst_LineReader::sevenFragments()
{
    QFETCH(QByteArray, line);
    QFETCH(QList<int>, cuts);
    const QByteArray wire = line + "\r\n";
    LineReader reader;
    QByteArray out;
    int from = 0;
    cuts << int(wire.size());
    for (int i = 0; i < cuts.size(); ++i) {
        QVERIFY(cuts[i] > from);
        reader.append(QByteArrayView(wire).sliced(from, cuts[i] - from));
        from = cuts[i];
        if (i + 1 < cuts.size())
            QCOMPARE(reader.next(&out), LineReader::Status::NeedMore);
    }
    QCOMPARE(cuts.size(), 7);
    QCOMPARE(reader.next(&out), LineReader::Status::Line);
    QCOMPARE(out, line);
    QCOMPARE(reader.next(&out), LineReader::Status::NeedMore);
    QCOMPARE(reader.bufferedBytes(), 0);
}

void tst_LineReader::byteByByte()
{
    LineReader reader;
    const Drained d = feed(reader, joined(conversation), {1});
    QCOMPARE(d.lines, conversation);
    QCOMPARE(d.last, LineReader::Status::NeedMore);
}

void tst_LineReader::coalesced()
{
    LineReader reader;
    reader.append(joined(conversation) + "MSG FROM Bob IS par");
    QCOMPARE(reader.bufferedBytes(), joined(conversation).size() + 19);
    Drained d = drain(reader);
    QCOMPARE(d.lines, conversation);
    QCOMPARE(d.last, LineReader::Status::NeedMore);
    QCOMPARE(reader.bufferedBytes(), 19); // the unfinished line stays
    reader.append("tial\r\nBYE\r\n");
    d = drain(reader);
    QCOMPARE(d.lines, (QList<QByteArray> {"MSG FROM Bob IS partial", "BYE"}));
    QCOMPARE(reader.bufferedBytes(), 0);
}

void tst_LineReader::crlfSplitAcrossAppends_data()
{
    QTest::addColumn<QList<QByteArray>>("chunks");
    QTest::addColumn<QList<QByteArray>>("lines");
    QTest::newRow("CR | LF") << QList<QByteArray> {"BYE\r", "\n"} << QList<QByteArray> {"BYE"};
    QTest::newRow("CR | LF next line") << QList<QByteArray> {"MSG FROM a IS b\r", "\nBYE\r\n"}
                                       << QList<QByteArray> {"MSG FROM a IS b", "BYE"};
    QTest::newRow("CR | empty | LF") << QList<QByteArray> {"BYE\r", "", "\n"} << QList<QByteArray> {"BYE"};
    QTest::newRow("CR | CRLF") << QList<QByteArray> {"A\r", "\r\n"} << QList<QByteArray> {"A\r"};
    QTest::newRow("CR | text") << QList<QByteArray> {"A\r", "B\r\n"} << QList<QByteArray> {"A\rB"};
    QTest::newRow("lone CR chunk") << QList<QByteArray> {"\r", "\n", "\r", "\n"}
                                   << QList<QByteArray> {"", ""};
}

void tst_LineReader::crlfSplitAcrossAppends()
{
    QFETCH(QList<QByteArray>, chunks);
    QFETCH(QList<QByteArray>, lines);
    LineReader reader;
    QList<QByteArray> got;
    for (const QByteArray &chunk : chunks) {
        reader.append(chunk);
        got += drain(reader).lines;
    }
    QCOMPARE(got, lines);
    QCOMPARE(reader.bufferedBytes(), 0);
}

void tst_LineReader::loneCrLfStayInLine_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<QByteArray>>("lines");
    QTest::newRow("LF inside") << QByteArray("MSG FROM a IS x\ny\r\n")
                               << QList<QByteArray> {"MSG FROM a IS x\ny"};
    QTest::newRow("CR inside") << QByteArray("a\rb\r\n") << QList<QByteArray> {"a\rb"};
    QTest::newRow("LF CR order") << QByteArray("a\n\rb\r\n") << QList<QByteArray> {"a\n\rb"};
    QTest::newRow("only LF") << QByteArray("\n\r\n") << QList<QByteArray> {"\n"};
    QTest::newRow("CR CR LF") << QByteArray("\r\r\n") << QList<QByteArray> {"\r"};
    QTest::newRow("empty line") << QByteArray("\r\n") << QList<QByteArray> {""};
    QTest::newRow("LF then no end") << QByteArray("BYE\n") << QList<QByteArray> {};
}

void tst_LineReader::loneCrLfStayInLine()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<QByteArray>, lines);
    for (int chunk : {1, 2, 1000}) {
        LineReader reader;
        const Drained d = feed(reader, input, {chunk});
        QCOMPARE(d.lines, lines);
        QCOMPARE(d.last, LineReader::Status::NeedMore);
    }
    // And TextCodec refuses such a line.
    if (!lines.isEmpty())
        QVERIFY(!TextCodec::decode(lines.first()).message);
}

void tst_LineReader::limit_data()
{
    QTest::addColumn<int>("max");
    QTest::addColumn<int>("chunk");
    for (int max : {2, 5, 64, 1435}) {
        for (int chunk : {1, 2, 3, 1 << 20})
            QTest::addRow("max %d chunk %d", max, chunk) << max << chunk;
    }
}

void tst_LineReader::limit()
{
    QFETCH(int, max);
    QFETCH(int, chunk);
    {
        // Exactly max bytes with CRLF: accepted, also with more lines around it.
        const QByteArray line(max - 2, 'x');
        LineReader reader(max);
        const Drained d = feed(reader, "\r\n" + line + "\r\n\r\n", {chunk});
        QCOMPARE(d.lines, (QList<QByteArray> {"", line, ""}));
        QCOMPARE(d.last, LineReader::Status::NeedMore);
        QVERIFY(!reader.hasError());
    }
    {
        // One byte more: the line is never handed out, the line before it is.
        LineReader reader(max);
        const Drained d = feed(reader, "\r\n" + QByteArray(max - 1, 'x') + "\r\nBYE\r\n", {chunk});
        QCOMPARE(d.lines, (QList<QByteArray> {""}));
        QCOMPARE(d.last, LineReader::Status::Error);
        QVERIFY(reader.hasError());
        QVERIFY(reader.errorString().contains(QString::number(max)));
    }
}

void tst_LineReader::crAtLimitNotFollowedByLf()
{
    // max - 1 bytes ending in CR can still become a valid line...
    LineReader reader(8);
    reader.append("abcdef\r");
    QVERIFY(!reader.hasError());
    QCOMPARE(reader.bufferedBytes(), 7);
    // ...but not once anything other than LF follows.
    reader.append("\r");
    QVERIFY(reader.hasError());
    QByteArray line;
    QCOMPARE(reader.next(&line), LineReader::Status::Error);
}

void tst_LineReader::oneMiBWithoutNewline_data()
{
    QTest::addColumn<int>("chunk");
    QTest::newRow("one append") << (1 << 20);
    QTest::newRow("64 KiB reads") << 65536;
    QTest::newRow("4 KiB reads") << 4096;
    QTest::newRow("1000-byte reads") << 1000;
    QTest::newRow("byte by byte") << 1;
}

void tst_LineReader::oneMiBWithoutNewline()
{
    QFETCH(int, chunk);
    const QByteArray flood(1 << 20, 'A');
    LineReader reader;
    const int max = reader.maxLineLength();
    qsizetype errorAt = -1;
    for (qsizetype pos = 0; pos < flood.size(); pos += chunk) {
        reader.append(QByteArrayView(flood).sliced(pos, qMin<qsizetype>(chunk, flood.size() - pos)));
        QVERIFY(reader.bufferedBytes() <= max);
        if (errorAt < 0 && reader.hasError())
            errorAt = pos + chunk;
    }
    // max - 2 bytes plus CRLF would still fit; the error comes with byte max - 1, or with the
    // first read that contains it.
    const qsizetype expected = ((max - 1 + chunk - 1) / chunk) * chunk;
    QCOMPARE(errorAt, expected);
    QCOMPARE(reader.bufferedBytes(), 0);
    QByteArray line;
    QCOMPARE(reader.next(&line), LineReader::Status::Error);
    QCOMPARE(reader.errorString(), QStringLiteral("line longer than 1435 bytes (CRLF included)"));
}

void tst_LineReader::linesBeforeErrorAreDelivered()
{
    const QByteArray input = "BYE\r\nJOIN a AS b\r\n" + QByteArray(2000, 'x') + "\r\nBYE\r\n";
    for (int chunk : {1, 7, int(input.size())}) {
        LineReader reader;
        const Drained d = feed(reader, input, {chunk});
        QCOMPARE(d.lines, (QList<QByteArray> {"BYE", "JOIN a AS b"}));
        QCOMPARE(d.last, LineReader::Status::Error);
    }
    // In one append the error is known at once, before the earlier lines are read.
    LineReader reader;
    reader.append(input);
    QVERIFY(reader.hasError());
    QCOMPARE(reader.bufferedBytes(), 18); // the two complete lines, nothing of the long one
}

void tst_LineReader::errorIsSticky()
{
    LineReader reader(16);
    reader.append(QByteArray(20, 'x'));
    QVERIFY(reader.hasError());
    const QString error = reader.errorString();
    QVERIFY(!error.isEmpty());
    QByteArray line = "kept";
    for (int i = 0; i < 3; ++i) {
        reader.append("BYE\r\n");
        QCOMPARE(reader.next(&line), LineReader::Status::Error);
        QCOMPARE(reader.bufferedBytes(), 0);
        QVERIFY(reader.hasError());
        QCOMPARE(reader.errorString(), error);
    }
    QCOMPARE(line, QByteArray("kept"));
}

void tst_LineReader::garbageMatchesReference_data()
{
    QTest::addColumn<int>("max");
    QTest::addColumn<QByteArray>("alphabet");
    QTest::newRow("binary 1435") << 1435 << QByteArray();
    QTest::newRow("crlf-heavy 16") << 16 << QByteArray("\r\r\n\nab ");
    QTest::newRow("crlf-heavy 64") << 64 << QByteArray("\r\n\nxxxxxxxx");
    QTest::newRow("crlf-heavy 1435") << 1435 << QByteArray("\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
}

void tst_LineReader::garbageMatchesReference()
{
    QFETCH(int, max);
    QFETCH(QByteArray, alphabet);
    QRandomGenerator rng(1435);
    for (int round = 0; round < 300; ++round) {
        QByteArray data(rng.bounded(1, 4000), Qt::Uninitialized);
        for (char &c : data)
            c = alphabet.isEmpty() ? char(rng.bounded(256)) : alphabet[rng.bounded(int(alphabet.size()))];
        const Drained expected = reference(data, max);
        QList<int> chunks;
        for (int i = 0; i < 8; ++i)
            chunks << (round % 3 == 0 ? 1 : int(rng.bounded(1, 300)));
        LineReader reader(max);
        const Drained got = feed(reader, data, chunks);
        QCOMPARE(got.lines, expected.lines);
        QCOMPARE(got.last, expected.last);
    }
}

void tst_LineReader::manyLines()
{
    // Enough traffic for the buffer to be compacted many times over, while complete lines are
    // still waiting to be read (the reader takes only a few lines after each append).
    QRandomGenerator rng(7);
    QList<QByteArray> lines;
    for (int i = 0; i < 20000; ++i)
        lines << "MSG FROM u IS " + QByteArray(rng.bounded(1, 1400), char('a' + i % 26));
    const QByteArray data = joined(lines);
    LineReader reader;
    QList<QByteArray> got;
    QByteArray line;
    for (qsizetype pos = 0; pos < data.size();) {
        const qsizetype n = qMin<qsizetype>(rng.bounded(1, 9000), data.size() - pos);
        reader.append(QByteArrayView(data).sliced(pos, n));
        pos += n;
        for (int take = rng.bounded(4); take > 0 && reader.next(&line) == LineReader::Status::Line; --take)
            got << line;
    }
    got += drain(reader).lines;
    QCOMPARE(got.size(), lines.size());
    QCOMPARE(got, lines);
    QCOMPARE(reader.bufferedBytes(), 0);
}

void tst_LineReader::specMaxLinesPass()
{
    const QByteArray longest = TextCodec::encode(Msg {QByteArray(20, 'D'), QByteArray(1400, 'c')});
    QCOMPARE(longest.size(), 1435);
    LineReader reader;
    reader.append(longest);
    QByteArray line;
    QCOMPARE(reader.next(&line), LineReader::Status::Line);
    QVERIFY(TextCodec::decode(line).message.has_value());

    LineReader tooLong;
    tooLong.append(longest.chopped(2) + "c\r\n");
    QCOMPARE(tooLong.next(&line), LineReader::Status::Error);
}

QTEST_GUILESS_MAIN(tst_LineReader)
#include "tst_linereader.moc"
