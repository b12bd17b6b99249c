// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "memberactions.h"

#include "chatclient.h"
#include "chatsession.h"
#include "directchatcontroller.h"
#include "memberlistmodel.h"

#include <QAbstractItemView>
#include <QMenu>

using Confab::Client::ChatSession;
using Confab::Client::MemberListModel;

MemberActions::MemberActions(
    QAbstractItemView *view, ChatSession *session, DirectChatController *directChats, QObject *parent)
    : QObject(parent), m_view(view), m_session(session), m_directChats(directChats)
{
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this, &MemberActions::showMenu);
    connect(view, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        const QString username = index.data(MemberListModel::UsernameRole).toString();
        if (!username.isEmpty() && username != m_session->client()->username()
            && !m_session->client()->isIpk24())
            m_session->openDirect(username, index.data(MemberListModel::DisplayNameRole).toString());
    });
}

QMenu *MemberActions::menuForRow(int row)
{
    if (!m_view->model() || row < 0 || row >= m_view->model()->rowCount())
        return nullptr;
    const QModelIndex index = m_view->model()->index(row, 0);
    const QString username = index.data(MemberListModel::UsernameRole).toString();
    const QString displayName = index.data(MemberListModel::DisplayNameRole).toString();
    if (username.isEmpty() || username == m_session->client()->username() || m_session->client()->isIpk24())
        return nullptr;
    auto *menu = new QMenu(m_view);
    menu->setObjectName(QStringLiteral("memberMenu"));
    menu->setAccessibleName(tr("Actions for %1").arg(displayName));
    menu->addAction(tr("Send a direct &message"), this,
            [this, username, displayName] { m_session->openDirect(username, displayName); })
        ->setObjectName(QStringLiteral("directMessageAction"));
    QAction *direct = menu->addAction(tr("Direct &chat (peer-to-peer)…"), this,
        [this, username, displayName] { m_directChats->startChat(username, displayName); });
    direct->setObjectName(QStringLiteral("directChatAction"));
    if (index.data(MemberListModel::BusyRole).toBool()) {
        direct->setEnabled(false);
        // An & in the name is text, not a mnemonic.
        QString name = displayName;
        direct->setText(tr("Direct &chat (peer-to-peer): %1 is busy")
                            .arg(name.replace(QLatin1Char('&'), QLatin1String("&&"))));
    }
    return menu;
}

void MemberActions::showMenu(const QPoint &pos)
{
    QModelIndex index = m_view->indexAt(pos);
    if (!index.isValid())
        index = m_view->currentIndex(); // the Menu key: the current member
    QMenu *menu = menuForRow(index.isValid() ? index.row() : -1);
    if (!menu)
        return;
    const QPoint at = m_view->indexAt(pos).isValid() ? pos : m_view->visualRect(index).center();
    menu->exec(m_view->viewport()->mapToGlobal(at));
    delete menu;
}
