// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QStyledItemDelegate>
#include <QUrl>

class QTextLayout;

/// Paints one row of a MessageListModel: an optional day separator and "new messages" line
/// above it, then the time, the sender in a stable per-nick colour and the word-wrapped text with
/// its links. Everything comes from the palette except the nick colours, which are picked by
/// the palette's lightness so they stay readable on light and dark themes. A click on a link
/// emits linkActivated(); the view opens nothing by itself.
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit MessageDelegate(QObject *parent = nullptr);

    void paint(
        QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
        const QModelIndex &index) override;

    /// The colour of a nick on a background of that palette: same hue for the same name always.
    static QColor nickColor(const QString &username, const QPalette &palette);
    /// The http(s) links in text as (start, length) pairs.
    static QList<QPair<int, int>> linkRanges(const QString &text);
    /// The link under pos (viewport coordinates) in the row at index, or an empty URL.
    QUrl linkAt(const QStyleOptionViewItem &option, const QModelIndex &index, const QPoint &pos) const;

signals:
    void linkActivated(const QUrl &url);

private:
    struct Geometry
    {
        int headerHeight = 0; ///< day separator plus marker line
        QRect time;
        QRect nick;
        QRect text;
    };
    Geometry geometryFor(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    int textHeight(const QString &text, const QFont &font, int width) const;
    void layoutText(QTextLayout &layout, int width) const;
    void paintHeader(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const;

    mutable QHash<QString, int> m_heights; ///< text height at m_heightsWidth
    mutable int m_heightsWidth = -1;
};
