// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "chatmodel.h"

#include <QAbstractListModel>
#include <QList>

namespace Confab::Client {

/// The members of one room, sorted by display name (case-insensitively, then username), kept up
/// to date from member.joined / member.left / member.updated. Also answers nickname completion.
class MemberListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        UsernameRole = Qt::UserRole + 1,
        DisplayNameRole,
        AwayRole,
        ProtocolRole,
        BusyRole,
    };
    Q_ENUM(Role)

    explicit MemberListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setMembers(const QList<Member> &members);
    /// Adds, or updates when the username is already here.
    void addMember(const Member &member);
    void removeMember(const QString &username);
    /// Display name and away flag of a member.updated event; false when not a member here.
    bool updateMember(const Member &member);
    void clear();

    int rowOf(const QString &username) const;
    Member memberAt(int row) const;
    /// Display names, then usernames, starting with prefix (case-insensitive), sorted, unique.
    QStringList completions(const QString &prefix) const;

private:
    static bool lessThan(const Member &a, const Member &b);
    int insertionRow(const Member &member) const;

    QList<Member> m_members;
};

} // namespace Confab::Client
