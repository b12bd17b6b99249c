// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "framereader.h"

#include <algorithm>
#include <cstring>

namespace Confab::Wire {

/*!
    Creates a reader for frames of at most \a maxFrameSize bytes, line end included. A limit
    below 1 is taken as 1 (a frame that is just its LF).
*/
FrameReader::FrameReader(int maxFrameSize) : m_maxFrameSize(std::max(1, maxFrameSize))
{ }

/*!
    Adds \a data from the stream and splits it into frames right here, in one pass: no byte is
    looked at twice, and the search for LF stops as soon as an LF could no longer end a frame
    within the limit. That bounds both the work and the memory spent on a peer that sends a
    megabyte without a newline.

    When the limit is broken the reader goes into the error state: the unfinished frame is
    dropped and all later input is ignored. Frames completed before the offending one are still
    handed out by next(), in order, before it reports Error, so the outcome does not depend on
    how TCP happened to segment the stream.

    The same shape as Ipk::LineReader; only the line end differs (a lone LF, where IPK24 needs
    CRLF), which makes the limit check simpler: an unfinished frame is fine while it leaves room
    for its LF.
*/
void FrameReader::append(QByteArrayView data)
{
    if (hasError() || data.isEmpty())
        return;
    compact();

    const char *const bytes = data.data();
    const qsizetype size = data.size();
    const qsizetype max = m_maxFrameSize;
    qsizetype pos = 0;
    while (pos < size) {
        // held <= max - 1 here: the unfinished frame always leaves room for its LF.
        const qsizetype held = m_buffer.size() - m_scanPos;
        // An LF further away than this would end a frame longer than max.
        const qsizetype window = std::min(size - pos, max - held);
        const void *hit = std::memchr(bytes + pos, '\n', size_t(window));
        if (!hit) {
            if (held + (size - pos) >= max) {
                failTooLarge();
                return;
            }
            m_buffer.append(bytes + pos, size - pos);
            return;
        }
        const qsizetype lf = static_cast<const char *>(hit) - bytes;
        m_buffer.append(bytes + pos, lf + 1 - pos);
        pos = lf + 1;
        m_frameEnds.push_back(m_buffer.size() - 1);
        m_scanPos = m_buffer.size();
    }
}

/*!
    Hands out the next complete frame in \a frame, without its LF and without a CR right before
    the LF, and returns Frame. Returns NeedMore when no complete frame is buffered, and Error
    (for good) once the input broke the size limit and the frames before that point have all
    been handed out. \a frame is only written for Frame.
*/
FrameReader::Status FrameReader::next(QByteArray *frame)
{
    if (m_nextFrame < m_frameEnds.size()) {
        const qsizetype lf = m_frameEnds[m_nextFrame++];
        qsizetype end = lf;
        if (end > m_readPos && m_buffer.at(end - 1) == '\r')
            --end;
        *frame = QByteArray(m_buffer.constData() + m_readPos, end - m_readPos);
        m_readPos = lf + 1;
        return Status::Frame;
    }
    if (hasError()) {
        // Nothing more will ever be read: give the memory back.
        m_buffer = QByteArray();
        m_frameEnds = std::vector<qsizetype>();
        m_readPos = m_scanPos = 0;
        m_nextFrame = 0;
        return Status::Error;
    }
    return Status::NeedMore;
}

QString FrameReader::errorCode() const
{
    return hasError() ? QString(ErrorCode::FrameTooLarge) : QString();
}

/*!
    Drops the frames already handed out from the front of the buffer. This only happens once the
    dead prefix is at least as large as what is still live, so every byte is moved at most a
    constant number of times and the reader stays O(n) over the whole stream, while the buffer
    never grows past about twice the live data.
*/
void FrameReader::compact()
{
    if (m_nextFrame == m_frameEnds.size()) {
        m_frameEnds.clear(); // keeps the capacity
        m_nextFrame = 0;
    }
    const qsizetype dead = m_readPos;
    if (dead == 0 || dead < m_buffer.size() - dead)
        return;
    m_buffer.remove(0, dead);
    m_frameEnds.erase(m_frameEnds.begin(), m_frameEnds.begin() + std::ptrdiff_t(m_nextFrame));
    m_nextFrame = 0;
    for (qsizetype &end : m_frameEnds)
        end -= dead;
    m_scanPos -= dead;
    m_readPos = 0;
}

void FrameReader::failTooLarge()
{
    m_error = QStringLiteral("frame longer than %1 bytes (line end included)").arg(m_maxFrameSize);
    m_buffer.truncate(m_scanPos); // the unfinished frame is never handed out
}

} // namespace Confab::Wire
