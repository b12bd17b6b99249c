// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "binarycodec.h"
#include "chatservice.h"
#include "linereader.h"
#include "message.h"
#include "serverconfig.h"
#include "serverengine.h"
#include "textcodec.h"
#include "trafficlog.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QList>
#include <QNetworkDatagram>
#include <QSet>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUdpSocket>

#include <memory>
#include <optional>

/// Test clients for the server's integration tests: IPK24 over real sockets on 127.0.0.1.
/// TcpClient speaks the text variant, UdpClient the binary one (CONFIRMs, the dynamic server
/// port, its own MessageIDs). Header-only and without Q_OBJECT, so that every tst_*.cpp of the
/// folder can include it without extra sources or moc. Waits return an empty value (with a
/// warning saying what arrived instead) so that tests can QVERIFY them.
namespace IpkTest {

using namespace Confab;

/// For everything that should happen: generous, sanitizer builds are slow.
constexpr int Timeout = 15000;
/// For proving that something does NOT arrive: short.
constexpr int QuietMs = 300;

/// 127.0.0.1, port 0, accounts in dir, cheap hashing, no stdout log.
inline Server::ServerConfig testConfig(const QTemporaryDir &dir)
{
    Server::ServerConfig config;
    config.listenAddress = QHostAddress(QHostAddress::LocalHost);
    config.port = 0;
    config.databasePath = dir.filePath(QStringLiteral("accounts.sqlite"));
    config.hashIterations = 1000;
    config.logTraffic = false;
    return config;
}

/// A started engine, or null (with a warning) if it could not listen.
inline std::unique_ptr<Server::ServerEngine> startEngine(const Server::ServerConfig &config)
{
    auto engine = std::make_unique<Server::ServerEngine>(config);
    QString error;
    if (!engine->start(&error)) {
        qWarning("cannot start the engine: %s", qPrintable(error));
        return nullptr;
    }
    return engine;
}

/// Milliseconds on a monotonic clock shared by all clients of the test.
inline qint64 clockMs()
{
    static const QElapsedTimer clock = [] {
        QElapsedTimer timer;
        timer.start();
        return timer;
    }();
    return clock.elapsed();
}

template<typename T>
const char *typeNameOf()
{
    return Ipk::typeName(Ipk::typeOf(Ipk::Message(T {})));
}

/// The message as T, or nothing with a warning naming what came instead.
template<typename T>
std::optional<T> expectType(const std::optional<Ipk::Message> &message, const char *who)
{
    if (!message) {
        qWarning("%s: no %s within the timeout", who, typeNameOf<T>());
        return std::nullopt;
    }
    if (const T *value = std::get_if<T>(&*message))
        return *value;
    qWarning("%s: expected %s, got %s", who, typeNameOf<T>(), Ipk::describe(*message).constData());
    return std::nullopt;
}

/// An IPK24 client over TCP. Lines from the server are split with Ipk::LineReader and kept in
/// arrival order until a test takes them.
class TcpClient
{
public:
    TcpClient()
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] { drain(); });
        QObject::connect(&m_socket, &QTcpSocket::errorOccurred, &m_socket,
            [this](QAbstractSocket::SocketError error) { m_error = error; });
        QObject::connect(&m_socket, &QTcpSocket::disconnected, &m_socket, [this] {
            drain();
            m_closed = true;
        });
    }
    /// Our slots use members that die before the socket, whose destructor may still signal.
    ~TcpClient() { QObject::disconnect(&m_socket, nullptr, nullptr, nullptr); }
    TcpClient(const TcpClient &) = delete;
    TcpClient &operator=(const TcpClient &) = delete;

    bool connectTo(quint16 port)
    {
        m_socket.connectToHost(QHostAddress(QHostAddress::LocalHost), port);
        return QTest::qWaitFor(
            [this] { return m_socket.state() == QAbstractSocket::ConnectedState; }, Timeout);
    }

    QTcpSocket &socket() { return m_socket; }
    quint16 localPort() const { return m_socket.localPort(); }
    /// "127.0.0.1:port" as the server's log writes this client (read it while connected).
    QByteArray endpoint() const { return "127.0.0.1:" + QByteArray::number(m_socket.localPort()); }

    void sendRaw(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.flush();
    }
    /// One line; CRLF is appended.
    void sendLine(const QByteArray &line) { sendRaw(line + "\r\n"); }
    void send(const Ipk::Message &message) { sendRaw(Ipk::TextCodec::encode(message)); }

    /// The next line from the server without its CRLF; empty (with a warning) on timeout.
    QByteArray nextLine(int timeout = Timeout)
    {
        if (!QTest::qWaitFor([this] { return !m_lines.isEmpty(); }, timeout)) {
            qWarning("TCP client %u: no line within %d ms", unsigned(localPort()), timeout);
            return {};
        }
        return m_lines.takeFirst();
    }

    std::optional<Ipk::Message> next(int timeout = Timeout)
    {
        const QByteArray line = nextLine(timeout);
        if (line.isEmpty())
            return std::nullopt;
        Ipk::TextCodec::Decoded decoded = Ipk::TextCodec::decode(line);
        if (!decoded.message)
            qWarning("TCP client: the server sent a malformed line '%s': %s", line.constData(),
                qPrintable(decoded.error));
        return decoded.message;
    }

    /// The next message, which must be a T.
    template<typename T>
    std::optional<T> waitFor(int timeout = Timeout)
    {
        return expectType<T>(next(timeout), "TCP client");
    }

    /// Drops lines until one equals line exactly; false if it does not come.
    bool skipUntil(const QByteArray &line, int timeout = Timeout)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeout) {
            const bool any
                = QTest::qWaitFor([this] { return !m_lines.isEmpty(); }, int(timeout - timer.elapsed()));
            if (!any)
                break;
            if (m_lines.takeFirst() == line)
                return true;
        }
        qWarning("TCP client: '%s' did not arrive", line.constData());
        return false;
    }

    /// Nothing arrives for ms milliseconds.
    bool expectSilence(int ms = QuietMs)
    {
        QTest::qWait(ms);
        if (m_lines.isEmpty())
            return true;
        qWarning("TCP client: unexpected line '%s'", m_lines.first().constData());
        return false;
    }

    /// The server ends the connection (EOF seen as RemoteHostClosedError).
    bool expectClosed(int timeout = Timeout)
    {
        if (!QTest::qWaitFor([this] { return m_closed; }, timeout)) {
            qWarning("TCP client: the server did not close the connection");
            return false;
        }
        if (m_error != QAbstractSocket::RemoteHostClosedError) {
            qWarning("TCP client: closed with %d (%s)", int(m_error), qPrintable(m_socket.errorString()));
            return false;
        }
        return true;
    }

    /// AUTH, then REPLY OK and the join notice; false (with a warning) otherwise.
    bool login(const QByteArray &username, const QByteArray &displayName, const QByteArray &secret = "s3cret")
    {
        send(Ipk::Auth {username, displayName, secret});
        const QByteArray reply = nextLine();
        const QByteArray notice = nextLine();
        if (reply != "REPLY OK IS Auth success."
            || notice != "MSG FROM Server IS " + displayName + " has joined default.") {
            qWarning("TCP login of %s failed: '%s' / '%s'", username.constData(), reply.constData(),
                notice.constData());
            return false;
        }
        return true;
    }

    bool isClosed() const { return m_closed; }
    QAbstractSocket::SocketError error() const { return m_error; }
    /// Lines received but not taken yet.
    const QList<QByteArray> &pendingLines() const { return m_lines; }
    /// Our side ends the connection (FIN) without a BYE.
    void close() { m_socket.disconnectFromHost(); }

private:
    void drain()
    {
        if (m_socket.isOpen())
            m_reader.append(m_socket.readAll());
        QByteArray line;
        while (m_reader.next(&line) == Ipk::LineReader::Status::Line)
            m_lines.append(line);
        if (m_reader.hasError())
            qWarning("TCP client: %s", qPrintable(m_reader.errorString()));
    }

    QTcpSocket m_socket;
    Ipk::LineReader m_reader {1 << 20};
    QList<QByteArray> m_lines;
    QAbstractSocket::SocketError m_error = QAbstractSocket::UnknownSocketError;
    bool m_closed = false;
};

/// An IPK24 client over UDP, like a real one: it sends AUTH to the welcome port, switches to the
/// port the first non-CONFIRM answer came from, CONFIRMs everything it receives (unless told to
/// drop) and numbers its own messages from firstId on.
class UdpClient
{
public:
    struct Datagram
    {
        QByteArray bytes;
        quint16 fromPort = 0;
        Ipk::BinaryCodec::Decoded decoded;
        qint64 receivedAtMs = 0; ///< clockMs() when it arrived
    };

    explicit UdpClient(quint16 welcomePort, quint16 firstId = 69)
        : m_welcomePort(welcomePort), m_nextId(firstId)
    {
        if (!m_socket.bind(QHostAddress(QHostAddress::LocalHost), 0))
            qWarning("UDP client: cannot bind: %s", qPrintable(m_socket.errorString()));
        QObject::connect(&m_socket, &QUdpSocket::readyRead, &m_socket, [this] { drain(); });
    }
    ~UdpClient() { QObject::disconnect(&m_socket, nullptr, nullptr, nullptr); }
    UdpClient(const UdpClient &) = delete;
    UdpClient &operator=(const UdpClient &) = delete;

    quint16 localPort() const { return m_socket.localPort(); }
    QByteArray endpoint() const { return "127.0.0.1:" + QByteArray::number(m_socket.localPort()); }
    quint16 welcomePort() const { return m_welcomePort; }
    /// The server's dynamic port for this client; 0 until its first non-CONFIRM datagram.
    quint16 serverPort() const { return m_serverPort; }
    /// Where the next message goes: the dynamic port once known, else the welcome port.
    quint16 targetPort() const { return m_serverPort ? m_serverPort : m_welcomePort; }
    quint16 nextId() const { return m_nextId; }

    /// Sends message with the next MessageID (or id, when given) and returns the ID used.
    quint16 send(const Ipk::Message &message, std::optional<quint16> id = std::nullopt, quint16 port = 0)
    {
        const quint16 used = id ? *id : m_nextId++;
        sendRaw(Ipk::BinaryCodec::encode(used, message), port);
        return used;
    }
    void sendRaw(const QByteArray &datagram, quint16 port = 0)
    {
        m_socket.writeDatagram(datagram, QHostAddress(QHostAddress::LocalHost), port ? port : targetPort());
    }

    /// Confirm what arrives from now on (the default) or stay silent.
    void setAutoConfirm(bool on) { m_autoConfirm = on; }
    /// Do not confirm the next count non-CONFIRM datagrams (as if the CONFIRMs got lost).
    void dropConfirms(int count) { m_dropConfirms = count; }
    /// By default a datagram whose MessageID (from the same server port) was seen before is
    /// confirmed but not queued, so that a retransmission caused by a slow test machine does
    /// not disturb the order a test expects. Off: every copy is queued.
    void setSkipDuplicates(bool on) { m_skipDuplicates = on; }

    /// The next datagram from the server, CONFIRMs included.
    std::optional<Datagram> nextDatagram(int timeout = Timeout)
    {
        if (!QTest::qWaitFor([this] { return !m_queue.isEmpty(); }, timeout))
            return std::nullopt;
        Datagram datagram = m_queue.takeFirst();
        m_lastFromPort = datagram.fromPort;
        m_lastId = datagram.decoded.messageId;
        return datagram;
    }

    /// The next datagram, which must decode to a T; lastFromPort() tells where it came from.
    template<typename T>
    std::optional<T> waitFor(int timeout = Timeout)
    {
        const std::optional<Datagram> datagram = nextDatagram(timeout);
        if (datagram && !datagram->decoded.message) {
            qWarning("UDP client: malformed datagram %s: %s", datagram->bytes.toHex(' ').constData(),
                qPrintable(datagram->decoded.error));
        }
        return expectType<T>(datagram ? datagram->decoded.message : std::nullopt, "UDP client");
    }
    /// The source port of the datagram last taken.
    quint16 lastFromPort() const { return m_lastFromPort; }
    /// The MessageID of the datagram last taken.
    quint16 lastId() const { return m_lastId; }

    /// A CONFIRM of id, from the port expected (0: any).
    bool expectConfirm(quint16 id, quint16 fromPort = 0)
    {
        const std::optional<Ipk::Confirm> confirm = waitFor<Ipk::Confirm>();
        if (!confirm)
            return false;
        if (confirm->refId != id || (fromPort && m_lastFromPort != fromPort)) {
            qWarning("UDP client: CONFIRM of %u from %u, expected %u from %u", unsigned(confirm->refId),
                unsigned(m_lastFromPort), unsigned(id), unsigned(fromPort));
            return false;
        }
        return true;
    }

    bool expectSilence(int ms = QuietMs)
    {
        QTest::qWait(ms);
        if (m_queue.isEmpty())
            return true;
        qWarning("UDP client: unexpected datagram %s", m_queue.first().bytes.toHex(' ').constData());
        return false;
    }

    /// AUTH and everything up to the join notice (CONFIRM, REPLY OK, MSG); false otherwise.
    bool login(const QByteArray &username, const QByteArray &displayName, const QByteArray &secret = "s3cret")
    {
        const quint16 id = send(Ipk::Auth {username, displayName, secret});
        if (!expectConfirm(id, m_welcomePort))
            return false;
        const std::optional<Ipk::Reply> reply = waitFor<Ipk::Reply>();
        if (!reply || !reply->ok || reply->refId != id)
            return false;
        const std::optional<Ipk::Msg> notice = waitFor<Ipk::Msg>();
        return notice && notice->content == displayName + " has joined default.";
    }

    /// Every datagram received so far, in order, including those already taken.
    const QList<Datagram> &history() const { return m_history; }
    const QList<Datagram> &pending() const { return m_queue; }

private:
    void drain()
    {
        while (m_socket.hasPendingDatagrams()) {
            const QNetworkDatagram received = m_socket.receiveDatagram(65536);
            Datagram datagram {received.data(), quint16(received.senderPort()),
                Ipk::BinaryCodec::decode(received.data()), clockMs()};
            const bool isConfirm
                = datagram.decoded.headerValid && datagram.decoded.type == quint8(Ipk::MessageType::Confirm);
            if (datagram.decoded.headerValid && !isConfirm) {
                if (!m_serverPort)
                    m_serverPort = datagram.fromPort;
                if (m_dropConfirms > 0) {
                    --m_dropConfirms;
                } else if (m_autoConfirm) {
                    m_socket.writeDatagram(
                        Ipk::BinaryCodec::encode(0, Ipk::Confirm {datagram.decoded.messageId}),
                        QHostAddress(QHostAddress::LocalHost), datagram.fromPort);
                }
            }
            m_history.append(datagram);
            if (datagram.decoded.headerValid && !isConfirm && m_skipDuplicates) {
                // Like a real client: a retransmission is confirmed again but not handed out.
                const quint32 key = (quint32(datagram.fromPort) << 16) | datagram.decoded.messageId;
                if (m_seen.contains(key))
                    continue;
                m_seen.insert(key);
            }
            m_queue.append(datagram);
        }
    }

    QUdpSocket m_socket;
    QList<Datagram> m_queue;
    QList<Datagram> m_history;
    quint16 m_welcomePort;
    quint16 m_serverPort = 0;
    quint16 m_nextId;
    quint16 m_lastFromPort = 0;
    quint16 m_lastId = 0;
    QSet<quint32> m_seen; ///< (source port, MessageID) of what was handed out
    int m_dropConfirms = 0;
    bool m_autoConfirm = true;
    bool m_skipDuplicates = true;
};

} // namespace IpkTest
