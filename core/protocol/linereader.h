// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "validation.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <vector>

namespace Confab::Ipk {

/// Splits a TCP byte stream into CRLF-terminated lines, whatever the read boundaries are.
/// It never buffers more than maxLineLength bytes of an unfinished line: past that it goes
/// into the error state and stays there (the connection is then ended with ERR + BYE).
/// A lone CR or LF is not a line end; it stays in the line, where TextCodec rejects it.
class LineReader
{
public:
    enum class Status { Line, NeedMore, Error };

    /// maxLineLength counts the CRLF, like the spec's table of maximum line lengths.
    explicit LineReader(int maxLineLength = Limits::MaxTcpLine);

    void append(QByteArrayView data);

    /// Line: *line holds the next complete line without CRLF. NeedMore: wait for data.
    /// Error: the input broke the length limit; see errorString().
    Status next(QByteArray *line);

    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    /// Bytes held that do not yet form a complete line (plus unread complete lines).
    qsizetype bufferedBytes() const { return m_buffer.size() - m_readPos; }
    int maxLineLength() const { return m_maxLineLength; }

private:
    void compact();
    void failTooLong();

    QByteArray m_buffer;
    qsizetype m_readPos = 0; ///< start of the next line next() hands out
    qsizetype m_scanPos = 0; ///< start of the unfinished line; everything before it is split
    std::vector<qsizetype> m_lineEnds; ///< where complete lines end (at their CR), in order
    std::size_t m_nextLine = 0; ///< index into m_lineEnds of the line next() hands out
    int m_maxLineLength;
    QString m_error;
};

} // namespace Confab::Ipk
