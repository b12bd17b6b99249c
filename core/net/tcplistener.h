// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QObject>
#include <QString>

class QTimer;

namespace Confab::Net {

class Reactor;
class TcpStream;

/// A listening TCP socket on a Reactor. It accepts every pending connection per readiness event
/// (up to MaxAcceptsPerEvent, for fairness) and hands each one out as a TcpStream. It owns only its
/// listening fd; accepted streams belong to whoever receives accepted().
class TcpListener : public QObject
{
    Q_OBJECT

public:
    static constexpr int Backlog = 4096;
    static constexpr int MaxAcceptsPerEvent = 1024;
    static constexpr int PauseOnExhaustionMs = 100;

    explicit TcpListener(Reactor &reactor, QObject *parent = nullptr);
    ~TcpListener() override;

    /// Binds (SO_REUSEADDR, non-blocking) and listens with a backlog of Backlog. Port 0 picks a
    /// free port; QHostAddress::Any listens dual-stack. False with errorString() on failure.
    bool listen(const QHostAddress &address, quint16 port);
    void close();
    bool isListening() const { return m_fd >= 0; }
    /// True while accepting is paused after EMFILE/ENFILE/ENOBUFS/ENOMEM.
    bool isPaused() const;

    QHostAddress serverAddress() const { return m_address; }
    quint16 serverPort() const { return m_port; }
    QString errorString() const { return m_error; }
    int socketDescriptor() const { return m_fd; }

signals:
    /// A new connection. The receiver takes ownership of stream (a QObject without parent): give
    /// it a parent or delete it. If nothing is connected the connection is closed at once.
    void accepted(Confab::Net::TcpStream *stream);
    /// accept() failed. For descriptor or memory exhaustion accepting pauses for
    /// PauseOnExhaustionMs instead of spinning on the still-pending connection.
    void acceptError(const QString &message);

private:
    void onReadable();
    void pause();
    void resume();

    Reactor &m_reactor;
    QTimer *m_resumeTimer;
    QHostAddress m_address;
    QString m_error;
    int m_fd = -1;
    quint16 m_port = 0;
};

} // namespace Confab::Net
