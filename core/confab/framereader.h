// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "frame.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <vector>

namespace Confab::Wire {

/// Splits a Confab byte stream into LF-terminated frames, whatever the read boundaries are.
/// A CR right before the LF is stripped. It never buffers more than maxFrameSize bytes of an
/// unfinished frame: past that it goes into the error state (code "frame-too-large") and stays
/// there. It does not look inside frames; an empty line comes out as an empty frame.
class FrameReader
{
public:
    enum class Status { Frame, NeedMore, Error };

    /// maxFrameSize counts every byte of the frame on the wire, the LF (and a CR before it)
    /// included.
    explicit FrameReader(int maxFrameSize = MaxFrameSize);

    void append(QByteArrayView data);

    /// Frame: *frame holds the next complete frame without its line end. NeedMore: wait for
    /// data. Error: the input broke the size limit; see errorCode() and errorString().
    Status next(QByteArray *frame);

    bool hasError() const { return !m_error.isEmpty(); }
    /// ErrorCode::FrameTooLarge once in the error state, otherwise empty.
    QString errorCode() const;
    /// A readable reason once in the error state, otherwise empty.
    QString errorString() const { return m_error; }
    /// Bytes held that do not yet form a complete frame (plus unread complete frames).
    qsizetype bufferedBytes() const { return m_buffer.size() - m_readPos; }
    int maxFrameSize() const { return m_maxFrameSize; }

private:
    void compact();
    void failTooLarge();

    QByteArray m_buffer;
    qsizetype m_readPos = 0; ///< start of the next frame next() hands out
    qsizetype m_scanPos = 0; ///< start of the unfinished frame; everything before it is split
    std::vector<qsizetype> m_frameEnds; ///< where complete frames end (at their LF), in order
    std::size_t m_nextFrame = 0; ///< index into m_frameEnds of the frame next() hands out
    int m_maxFrameSize;
    QString m_error;
};

} // namespace Confab::Wire
