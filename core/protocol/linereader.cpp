// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "linereader.h"

#include <algorithm>
#include <cstring>

namespace Confab::Ipk {

/*!
    Creates a reader for lines of at most \a maxLineLength bytes, CRLF included.
*/
LineReader::LineReader(int maxLineLength) : m_maxLineLength(maxLineLength)
{ }

/*!
    Adds \a data from the stream. The bytes are split into lines right here, in one pass, so no
    byte is ever looked at twice and an over-long line is caught before it is copied: the search
    for LF stops as soon as a line end could no longer fall within the limit, which bounds both
    the work and the memory spent on a peer that sends a megabyte without a newline.

    Only an LF preceded by CR ends a line; the CR may have arrived in an earlier call. A lone LF
    or CR stays inside the line.

    When the limit is broken the reader goes into the error state: the unfinished line is dropped
    and all later input is ignored. Lines completed before the offending one are still handed out
    by next(), in order, before it reports Error, so the outcome does not depend on how TCP
    happened to segment the stream.
*/
void LineReader::append(QByteArrayView data)
{
    if (hasError() || data.isEmpty())
        return;
    compact();

    const char *const bytes = data.data();
    const qsizetype size = data.size();
    const qsizetype max = m_maxLineLength;
    qsizetype pos = 0;
    while (pos < size) {
        // held <= max - 1 here: the checks below keep it so.
        const qsizetype held = m_buffer.size() - m_scanPos;
        // An LF further away than this would end a line longer than max.
        const qsizetype window = std::min(size - pos, max - held);
        const void *hit = window > 0 ? std::memchr(bytes + pos, '\n', size_t(window)) : nullptr;
        if (!hit) {
            if (window < size - pos) {
                failTooLong();
                return;
            }
            m_buffer.append(bytes + pos, size - pos);
            // The line must still be able to end within the limit: it needs at least an LF
            // after a trailing CR, otherwise a whole CRLF.
            const qsizetype shortest = m_buffer.size() - m_scanPos + (m_buffer.endsWith('\r') ? 1 : 2);
            if (shortest > max)
                failTooLong();
            return;
        }

        const qsizetype lf = static_cast<const char *>(hit) - bytes;
        m_buffer.append(bytes + pos, lf + 1 - pos);
        pos = lf + 1;
        const qsizetype length = m_buffer.size() - m_scanPos; // with the LF, <= max by the window
        if (length >= 2 && m_buffer.at(m_buffer.size() - 2) == '\r') {
            m_lineEnds.push_back(m_buffer.size() - 2);
            m_scanPos = m_buffer.size();
        } else if (length + 2 > max) {
            // A lone LF; the line goes on and still needs its CRLF.
            failTooLong();
            return;
        }
    }
}

/*!
    Hands out the next complete line without its CRLF in \a line and returns Line. Returns
    NeedMore when no complete line is buffered, and Error (for good) once the input broke the
    length limit and the lines before that point have all been handed out. \a line is only
    written for Line.
*/
LineReader::Status LineReader::next(QByteArray *line)
{
    if (m_nextLine < m_lineEnds.size()) {
        const qsizetype end = m_lineEnds[m_nextLine++];
        *line = QByteArray(m_buffer.constData() + m_readPos, end - m_readPos);
        m_readPos = end + 2;
        return Status::Line;
    }
    if (hasError()) {
        // Nothing more will ever be read: give the memory back.
        m_buffer = QByteArray();
        m_lineEnds = std::vector<qsizetype>();
        m_readPos = m_scanPos = 0;
        m_nextLine = 0;
        return Status::Error;
    }
    return Status::NeedMore;
}

/*!
    Drops the lines already handed out from the front of the buffer. This only happens once the
    dead prefix is at least as large as what is still live, so every byte is moved at most a
    constant number of times and the reader stays O(n) over the whole stream, while the buffer
    never grows past about twice the live data.
*/
void LineReader::compact()
{
    if (m_nextLine == m_lineEnds.size()) {
        m_lineEnds.clear(); // keeps the capacity
        m_nextLine = 0;
    }
    const qsizetype dead = m_readPos;
    if (dead == 0 || dead < m_buffer.size() - dead)
        return;
    m_buffer.remove(0, dead);
    m_lineEnds.erase(m_lineEnds.begin(), m_lineEnds.begin() + std::ptrdiff_t(m_nextLine));
    m_nextLine = 0;
    for (qsizetype &end : m_lineEnds)
        end -= dead;
    m_scanPos -= dead;
    m_readPos = 0;
}

void LineReader::failTooLong()
{
    m_error = QStringLiteral("line longer than %1 bytes (CRLF included)").arg(m_maxLineLength);
    m_buffer.truncate(m_scanPos); // the unfinished line is never handed out
}

} // namespace Confab::Ipk
