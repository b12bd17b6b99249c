// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "message.h"

namespace Confab::Ipk {

namespace {

template<class... Ts>
struct Overloaded : Ts...
{
    using Ts::operator()...;
};
template<class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

QByteArray printable(const QByteArray &value)
{
    QByteArray out = value;
    for (char &c : out) {
        if (c < 0x20 || c > 0x7e)
            c = '?';
    }
    return out;
}

} // namespace

MessageType typeOf(const Message &message)
{
    return std::visit(Overloaded {
                          [](const Confirm &) { return MessageType::Confirm; },
                          [](const Reply &) { return MessageType::Reply; },
                          [](const Auth &) { return MessageType::Auth; },
                          [](const Join &) { return MessageType::Join; },
                          [](const Msg &) { return MessageType::Msg; },
                          [](const Err &) { return MessageType::Err; },
                          [](const Bye &) { return MessageType::Bye; },
                          [](const Ping &) { return MessageType::Ping; },
                      },
        message);
}

const char *typeName(MessageType type)
{
    switch (type) {
    case MessageType::Confirm:
        return "CONFIRM";
    case MessageType::Reply:
        return "REPLY";
    case MessageType::Auth:
        return "AUTH";
    case MessageType::Join:
        return "JOIN";
    case MessageType::Msg:
        return "MSG";
    case MessageType::Ping:
        return "PING";
    case MessageType::Err:
        return "ERR";
    case MessageType::Bye:
        return "BYE";
    }
    return "UNKNOWN";
}

QByteArray describe(const Message &message)
{
    QByteArray line = typeName(typeOf(message));
    std::visit(
        Overloaded {
            [&](const Confirm &m) { line += " RefMessageID=" + QByteArray::number(m.refId); },
            [&](const Reply &m) {
                line += m.ok ? " Reply=OK" : " Reply=NOK";
                line += " MessageContent=" + printable(m.content);
            },
            [&](const Auth &m) {
                line += " Username=" + printable(m.username) + " DisplayName=" + printable(m.displayName);
            },
            [&](const Join &m) {
                line += " ChannelID=" + printable(m.channelId) + " DisplayName=" + printable(m.displayName);
            },
            [&](const Msg &m) {
                line
                    += " DisplayName=" + printable(m.displayName) + " MessageContent=" + printable(m.content);
            },
            [&](const Err &m) {
                line
                    += " DisplayName=" + printable(m.displayName) + " MessageContent=" + printable(m.content);
            },
            [&](const Bye &m) {
                if (!m.displayName.isEmpty())
                    line += " DisplayName=" + printable(m.displayName);
            },
            [](const Ping &) {},
        },
        message);
    return line;
}

} // namespace Confab::Ipk
