// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminalmode.h"

#include "clientoptions.h"
#include "interruptnotifier.h"
#include "ipkchatclient.h"
#include "stdinreader.h"
#include "transport.h"
#include "usercommand.h"

#include <QCoreApplication>

#include <cstdio>
#include <cstring>

#ifndef Q_OS_WIN
#include <fcntl.h>
#include <unistd.h>
#endif

using namespace Confab::IpkClient;

namespace {

/// Writes bytes and flushes at once: the output is usually a pipe read by a test harness,
/// and stdout and stderr must come out in the order things happened.
void print(std::FILE *stream, const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

void printLine(std::FILE *stream, const QByteArray &line)
{
    print(stream, line + '\n');
}

/// A closed stdin, stdout or stderr (`confab --cli ... <&-`) becomes /dev/null before anything
/// else opens a descriptor: otherwise the next socket would get number 0 and be read as input.
/// A closed stdin then reads as an empty one, which says BYE and exits.
void openStandardDescriptors()
{
#ifndef Q_OS_WIN
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) == -1 && ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) == -1)
            return;
    }
#endif
}

} // namespace

bool wantsTerminalMode(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--cli") == 0)
            return true;
    }
    return false;
}

/*!
 * The output is exactly that of spec §1.12 and nothing else: MSG on stdout as
 * `{DisplayName}: {MessageContent}`, on stderr `ERR FROM {DisplayName}: {MessageContent}`,
 * `Success: ...`, `Failure: ...` and local errors as `ERR: ...`. `/help` and `-h` print to
 * stdout. The exit code is 0 after a goodbye (Ctrl+C, end of input, the server's BYE) and 1
 * after any error.
 */
int runTerminalMode(int argc, char *argv[])
{
    openStandardDescriptors();
    QCoreApplication app(argc, argv);
    ClientOptions options;
    QString error;
    switch (ClientOptions::parse(QCoreApplication::arguments(), &options, &error)) {
    case ClientOptions::ParseResult::ShowHelp:
        print(stdout, ClientOptions::helpText(QStringLiteral("confab")).toLocal8Bit());
        return 0;
    case ClientOptions::ParseResult::Error:
        printLine(stderr, "ERR: " + error.toLocal8Bit() + " (confab --cli -h shows the options)");
        return 1;
    case ClientOptions::ParseResult::Run:
        break;
    }

    InterruptNotifier interrupts;
    StdinReader input;
    if (!interrupts.install(&error) || !input.start(&error)) {
        printLine(stderr, "ERR: " + error.toLocal8Bit());
        return 1;
    }

    IpkChatClient client(Transport::create(options));
    QObject::connect(&client, &IpkChatClient::messageReceived, &client,
        [](const QByteArray &displayName, const QByteArray &content) {
            printLine(stdout, displayName + ": " + content);
        });
    QObject::connect(&client, &IpkChatClient::errorReceived, &client,
        [](const QByteArray &displayName, const QByteArray &content) {
            printLine(stderr, "ERR FROM " + displayName + ": " + content);
        });
    QObject::connect(&client, &IpkChatClient::replyReceived, &client, [](bool ok, const QByteArray &content) {
        printLine(stderr, (ok ? "Success: " : "Failure: ") + content);
    });
    QObject::connect(&client, &IpkChatClient::localError, &client,
        [](const QString &message) { printLine(stderr, "ERR: " + message.toLocal8Bit()); });
    QObject::connect(
        &client, &IpkChatClient::helpRequested, &client, [] { print(stdout, UserCommand::helpText()); });
    QObject::connect(
        &client, &IpkChatClient::finished, &app, [](int exitCode) { QCoreApplication::exit(exitCode); });

    QObject::connect(&input, &StdinReader::lineRead, &client, &IpkChatClient::submitLine);
    QObject::connect(&input, &StdinReader::endOfInput, &client, &IpkChatClient::endOfInput);
    QObject::connect(&interrupts, &InterruptNotifier::interrupted, &client, &IpkChatClient::interrupt);

    client.start(options.host, options.port);
    return QCoreApplication::exec();
}
