// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "messagedelegate.h"

#include "messagelistmodel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QRegularExpression>
#include <QTextLayout>

using Confab::Client::MessageListModel;
using Kind = MessageListModel::Kind;

namespace {

constexpr int Margin = 6;
constexpr int NickWidth = 130;

QString timeText(const QDateTime &when)
{
    // The locale's short format, without seconds where it has them (C locale: HH:mm:ss).
    QString format = QLocale().timeFormat(QLocale::ShortFormat);
    format.remove(QLatin1String(":ss"));
    return QLocale().toString(when.time(), format);
}

} // namespace

MessageDelegate::MessageDelegate(QObject *parent) : QStyledItemDelegate(parent)
{ }

QColor MessageDelegate::nickColor(const QString &username, const QPalette &palette)
{
    // FNV-1a: the same name gets the same colour in every run and every version.
    quint32 hash = 2166136261u;
    for (const QChar c : username) {
        hash ^= c.unicode();
        hash *= 16777619u;
    }
    const bool darkBackground = palette.color(QPalette::Base).lightnessF() < 0.5;
    return QColor::fromHslF(float(hash % 360) / 360.0f, 0.65f, darkBackground ? 0.72f : 0.36f);
}

QList<QPair<int, int>> MessageDelegate::linkRanges(const QString &text)
{
    static const QRegularExpression url(
        QStringLiteral("\\bhttps?://[^\\s<>\"]+"), QRegularExpression::CaseInsensitiveOption);
    QList<QPair<int, int>> ranges;
    for (auto it = url.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        int length = int(match.capturedLength());
        // Sentence punctuation right after a link is not part of it.
        while (length > 0 && QStringLiteral(".,;:!?)'").contains(text.at(match.capturedStart() + length - 1)))
            --length;
        ranges.append({int(match.capturedStart()), length});
    }
    return ranges;
}

void MessageDelegate::layoutText(QTextLayout &layout, int width) const
{
    QTextOption textOption;
    textOption.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(textOption);
    layout.beginLayout();
    qreal y = 0;
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(std::max(width, 10));
        line.setPosition(QPointF(0, y));
        y += line.height();
    }
    layout.endLayout();
}

int MessageDelegate::textHeight(const QString &text, const QFont &font, int width) const
{
    if (width != m_heightsWidth) {
        m_heights.clear();
        m_heightsWidth = width;
    }
    const QString key = font.key() + QLatin1Char('\n') + text;
    if (const auto it = m_heights.constFind(key); it != m_heights.cend())
        return it.value();
    QTextLayout layout(text, font);
    layoutText(layout, width);
    const int height = int(std::ceil(layout.boundingRect().height()));
    if (m_heights.size() > 20000)
        m_heights.clear();
    m_heights.insert(key, height);
    return height;
}

MessageDelegate::Geometry MessageDelegate::geometryFor(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QFontMetrics metrics(option.font);
    Geometry geometry;
    if (index.data(MessageListModel::DaySeparatorRole).toBool())
        geometry.headerHeight += metrics.height() + 2 * Margin;
    if (index.data(MessageListModel::LastReadMarkerRole).toBool())
        geometry.headerHeight += metrics.height() + Margin;
    const int top = option.rect.top() + geometry.headerHeight + Margin / 2;
    const int timeWidth
        = metrics.horizontalAdvance(timeText(QDateTime(QDate(2000, 1, 1), QTime(23, 59)))) + Margin;
    geometry.time = QRect(option.rect.left() + Margin, top, timeWidth, metrics.height());
    geometry.nick = QRect(geometry.time.right() + Margin, top, NickWidth, metrics.height());
    const int textLeft = geometry.nick.right() + 2 * Margin;
    const int textWidth = std::max(option.rect.right() - Margin - textLeft, 40);
    const QString text = index.data(MessageListModel::TextRole).toString();
    geometry.text = QRect(
        textLeft, top, textWidth, std::max(textHeight(text, option.font, textWidth), metrics.height()));
    return geometry;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const Geometry geometry = geometryFor(opt, index);
    return QSize(opt.rect.width(), geometry.text.bottom() - opt.rect.top() + 1 + Margin / 2);
}

void MessageDelegate::paintHeader(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QFontMetrics metrics(option.font);
    int y = option.rect.top();
    const QColor lineColor = option.palette.color(QPalette::Mid);
    if (index.data(MessageListModel::DaySeparatorRole).toBool()) {
        const QDate day = index.data(MessageListModel::TimestampRole).toDateTime().date();
        const QString label
            = day == QDate::currentDate() ? tr("Today") : QLocale().toString(day, QLocale::LongFormat);
        const QRect band(option.rect.left(), y, option.rect.width(), metrics.height() + 2 * Margin);
        const int labelWidth = metrics.horizontalAdvance(label) + 4 * Margin;
        painter->setPen(lineColor);
        const int mid = band.center().y();
        painter->drawLine(band.left() + Margin, mid, band.center().x() - labelWidth / 2, mid);
        painter->drawLine(band.center().x() + labelWidth / 2, mid, band.right() - Margin, mid);
        painter->setPen(option.palette.color(QPalette::PlaceholderText));
        painter->drawText(band, Qt::AlignCenter, label);
        y = band.bottom() + 1;
    }
    if (index.data(MessageListModel::LastReadMarkerRole).toBool()) {
        const QRect band(option.rect.left(), y, option.rect.width(), metrics.height() + Margin);
        const QColor accent = option.palette.color(QPalette::Highlight);
        painter->setPen(QPen(accent, 1));
        const int mid = band.center().y();
        const QString label = tr("New messages");
        const int labelRight = band.right() - Margin;
        const int labelLeft = labelRight - metrics.horizontalAdvance(label) - Margin;
        painter->drawLine(band.left() + Margin, mid, labelLeft - Margin, mid);
        painter->drawText(QRect(labelLeft, band.top(), labelRight - labelLeft, band.height()),
            Qt::AlignRight | Qt::AlignVCenter, label);
    }
}

void MessageDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const Geometry geometry = geometryFor(opt, index);
    const Kind kind = index.data(MessageListModel::KindRole).value<Kind>();
    painter->save();
    paintHeader(painter, opt, index);

    const QRect body(opt.rect.left(), opt.rect.top() + geometry.headerHeight, opt.rect.width(),
        opt.rect.height() - geometry.headerHeight);
    if (opt.state & QStyle::State_Selected) {
        painter->fillRect(body, opt.palette.color(QPalette::Highlight));
    } else if (index.data(MessageListModel::MentionRole).toBool()) {
        QColor mention = opt.palette.color(QPalette::Highlight);
        mention.setAlpha(48);
        painter->fillRect(body, mention);
    }
    const QColor textColor
        = opt.palette.color(opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor dimColor = opt.palette.color(QPalette::PlaceholderText);

    painter->setFont(opt.font);
    painter->setPen(dimColor);
    painter->drawText(geometry.time, Qt::AlignLeft | Qt::AlignVCenter,
        timeText(index.data(MessageListModel::TimestampRole).toDateTime()));

    QFont textFont = opt.font;
    if (kind == Kind::System) {
        painter->drawText(geometry.nick, Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("*"));
        textFont.setItalic(true);
    } else {
        QFont nickFont = opt.font;
        nickFont.setBold(true);
        painter->setFont(nickFont);
        const QString username = index.data(MessageListModel::SenderUsernameRole).toString();
        painter->setPen(opt.state & QStyle::State_Selected ? textColor : nickColor(username, opt.palette));
        const QString nick = QFontMetrics(nickFont).elidedText(
            index.data(MessageListModel::SenderDisplayNameRole).toString(), Qt::ElideRight,
            geometry.nick.width());
        painter->drawText(geometry.nick, Qt::AlignRight | Qt::AlignVCenter, nick);
    }

    const QString text = index.data(MessageListModel::TextRole).toString();
    QTextLayout layout(text, textFont);
    QList<QTextLayout::FormatRange> formats;
    for (const auto &[start, length] : linkRanges(text)) {
        QTextLayout::FormatRange range;
        range.start = start;
        range.length = length;
        range.format.setFontUnderline(true);
        range.format.setForeground(opt.palette.color(QPalette::Link));
        formats.append(range);
    }
    layout.setFormats(formats);
    layoutText(layout, geometry.text.width());
    painter->setPen(kind == Kind::System ? dimColor : textColor);
    layout.draw(painter, geometry.text.topLeft());
    painter->restore();
}

QUrl MessageDelegate::linkAt(
    const QStyleOptionViewItem &option, const QModelIndex &index, const QPoint &pos) const
{
    const Geometry geometry = geometryFor(option, index);
    if (!geometry.text.contains(pos))
        return {};
    const QString text = index.data(MessageListModel::TextRole).toString();
    const auto ranges = linkRanges(text);
    if (ranges.isEmpty())
        return {};
    QTextLayout layout(text, option.font);
    layoutText(layout, geometry.text.width());
    const QPointF local = pos - geometry.text.topLeft();
    for (int i = 0; i < layout.lineCount(); ++i) {
        const QTextLine line = layout.lineAt(i);
        if (local.y() < line.y() || local.y() >= line.y() + line.height())
            continue;
        if (local.x() > line.naturalTextWidth())
            return {};
        const int position = line.xToCursor(local.x(), QTextLine::CursorOnCharacter);
        for (const auto &[start, length] : ranges) {
            if (position >= start && position < start + length)
                return QUrl(text.mid(start, length), QUrl::TolerantMode);
        }
    }
    return {};
}

bool MessageDelegate::editorEvent(
    QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option, const QModelIndex &index)
{
    const auto type = event->type();
    if (type == QEvent::MouseButtonRelease || type == QEvent::MouseMove) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const QUrl url = linkAt(option, index, mouse->position().toPoint());
        if (auto *view = qobject_cast<QAbstractItemView *>(parent())) {
            if (url.isEmpty())
                view->viewport()->unsetCursor();
            else
                view->viewport()->setCursor(Qt::PointingHandCursor);
        }
        if (type == QEvent::MouseButtonRelease && mouse->button() == Qt::LeftButton && url.isValid()
            && !url.isEmpty()) {
            emit linkActivated(url);
            return true;
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}
