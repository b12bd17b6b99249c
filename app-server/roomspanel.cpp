// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "roomspanel.h"

#include "chathub.h"
#include "operatorprompt.h"
#include "roomlistmodel.h"
#include "serverengine.h"
#include "validation.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

using namespace Confab;
using Server::RoomListModel;

namespace {
/// As the Confab protocol allows for room.topic.
constexpr int MaxTopicLength = 200;
} // namespace

RoomsPanel::RoomsPanel(QWidget *parent)
    : QWidget(parent)
    , m_proxy(new QSortFilterProxyModel(this))
    , m_view(new QTableView(this))
    , m_members(new QLabel(this))
    , m_create(new QPushButton(tr("&New room…"), this))
    , m_delete(new QPushButton(tr("&Delete room"), this))
{
    auto *title = new QLabel(tr("<b>Rooms</b>"), this);
    m_view->setObjectName(QStringLiteral("roomsList"));
    m_view->setAccessibleName(tr("Rooms"));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_view->horizontalHeader()->setHighlightSections(false);
    m_members->setObjectName(QStringLiteral("roomMembersLabel"));
    m_members->setWordWrap(true);
    m_members->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_members->setAccessibleName(tr("Members of the selected room"));
    m_create->setObjectName(QStringLiteral("createRoomButton"));
    m_create->setToolTip(tr("Create an empty room that users can join"));
    m_delete->setObjectName(QStringLiteral("deleteRoomButton"));
    m_delete->setToolTip(tr("Delete the selected room; its members are moved to the default room"));
    m_delete->setEnabled(false);
    m_proxy->setSortRole(RoomListModel::SortRole);

    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch(1);
    header->addWidget(m_create);
    header->addWidget(m_delete);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_members);

    connect(m_create, &QPushButton::clicked, this, &RoomsPanel::createRoom);
    connect(m_delete, &QPushButton::clicked, this, &RoomsPanel::deleteSelectedRoom);
}

void RoomsPanel::setUp(Server::ServerEngine *engine, RoomListModel *model, OperatorPrompt *prompt)
{
    m_engine = engine;
    m_model = model;
    m_prompt = prompt;
    m_proxy->setSourceModel(model);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(RoomListModel::NameColumn, Qt::AscendingOrder);
    QHeaderView *columns = m_view->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::ResizeToContents);
    columns->setSectionResizeMode(RoomListModel::TopicColumn, QHeaderView::Stretch);
    connect(
        m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RoomsPanel::updateSelection);
    // Members come and go without a selection change.
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &RoomsPanel::updateSelection);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &RoomsPanel::updateSelection);
    updateSelection();
}

QString RoomsPanel::selectedRoom() const
{
    if (!m_view->selectionModel())
        return {};
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(RoomListModel::NameRole).toString();
}

bool RoomsPanel::selectRoom(const QString &name)
{
    if (!m_model)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(m_model->rowOf(name), 0));
    if (!index.isValid())
        return false;
    m_view->selectRow(index.row());
    return true;
}

void RoomsPanel::updateSelection()
{
    const QModelIndexList rows
        = m_view->selectionModel() ? m_view->selectionModel()->selectedRows() : QModelIndexList();
    if (rows.isEmpty()) {
        m_members->setText(tr("Select a room to see its members."));
        m_delete->setEnabled(false);
        return;
    }
    const QModelIndex row = rows.first();
    const QString name = row.data(RoomListModel::NameRole).toString();
    const QStringList members = row.data(RoomListModel::MemberNamesRole).toStringList();
    m_members->setText(members.isEmpty() ? tr("Nobody is in %1.").arg(name)
                                         : tr("In %1: %2").arg(name, members.join(QLatin1String(", "))));
    m_delete->setEnabled(!row.data(RoomListModel::IsDefaultRole).toBool());
}

void RoomsPanel::createRoom()
{
    Server::ChatHub *hub = m_engine ? m_engine->hub() : nullptr;
    if (!hub || !m_engine->isRunning()) {
        emit statusMessage(tr("Start the server to create rooms."));
        return;
    }
    const std::optional<QString> name = m_prompt->askText({tr("New room"),
        tr("Room name (letters, digits and '-', up to 20, so IPK24 users can join too):"), {}, false});
    if (!name)
        return;
    const QString room = name->trimmed();
    const QString invalid = Ipk::validateField(Ipk::Field::ChannelId, room.toUtf8());
    if (!invalid.isEmpty()) {
        emit statusMessage(tr("'%1' is not a valid room name: %2").arg(room, invalid));
        return;
    }
    if (hub->room(room.toLatin1())) {
        emit statusMessage(tr("%1 exists already.").arg(room));
        selectRoom(room);
        return;
    }
    const std::optional<QString> topic = m_prompt->askText({tr("New room"),
        tr("Topic of %1 (optional, up to %2 characters):").arg(room).arg(MaxTopicLength), {}, false});
    if (!topic)
        return;
    // The question may have been open a while: the server may have stopped or restarted since.
    hub = m_engine->isRunning() ? m_engine->hub() : nullptr;
    if (!hub || !hub->createRoom(room.toLatin1(), {}, topic->simplified().left(MaxTopicLength))) {
        emit statusMessage(tr("%1 could not be created.").arg(room));
        return;
    }
    m_model->refresh();
    selectRoom(room);
    emit statusMessage(tr("Room %1 created.").arg(room));
}

void RoomsPanel::deleteSelectedRoom()
{
    const QString room = selectedRoom();
    Server::ChatHub *hub = m_engine && m_engine->isRunning() ? m_engine->hub() : nullptr;
    if (room.isEmpty() || !hub)
        return;
    if (room.toLatin1() == hub->defaultRoom()) {
        emit statusMessage(tr("The default room cannot be deleted."));
        return;
    }
    const int members = int(hub->members(room.toLatin1()).size());
    const QString question = tr("Delete the room %1? Its history is erased and its %n member(s) are "
                                "moved to %2.",
        nullptr, members)
                                 .arg(room, QString::fromLatin1(hub->defaultRoom()));
    if (!m_prompt->confirm(tr("Delete room"), question, tr("Delete")))
        return;
    hub = m_engine->isRunning() ? m_engine->hub() : nullptr;
    if (!hub || !hub->room(room.toLatin1()))
        return;
    hub->deleteRoom(nullptr, room.toLatin1());
    emit statusMessage(tr("Room %1 deleted.").arg(room));
}
