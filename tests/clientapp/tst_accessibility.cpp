// SPDX-FileCopyrightText: 2026 The Confab developers
// SPDX-License-Identifier: GPL-3.0-or-later
#include "certificatedialog.h"
#include "chatclient.h"
#include "chatsession.h"
#include "connectdialog.h"
#include "conversationlistmodel.h"
#include "createroomdialog.h"
#include "mainwindow.h"
#include "quickswitcher.h"
#include "searchdialog.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTextEdit>

using namespace Confab::Client;

namespace {

/// A widget the user can operate: buttons, text fields, lists, combo and spin boxes, sliders.
/// Scroll bars of scroll areas and the line edits inside spin and combo boxes belong to their
/// owner, which is checked instead.
bool isInteractive(const QWidget *widget)
{
    if (qobject_cast<const QScrollBar *>(widget) || widget->objectName().startsWith(QLatin1String("qt_")))
        return false; // Qt's own parts (the menu bar's overflow button) are named by Qt
    if (qobject_cast<const QLineEdit *>(widget)
        && (qobject_cast<const QAbstractSpinBox *>(widget->parentWidget())
            || qobject_cast<const QComboBox *>(widget->parentWidget())))
        return false;
    return qobject_cast<const QAbstractButton *>(widget) || qobject_cast<const QLineEdit *>(widget)
        || qobject_cast<const QAbstractItemView *>(widget) || qobject_cast<const QComboBox *>(widget)
        || qobject_cast<const QAbstractSpinBox *>(widget) || qobject_cast<const QAbstractSlider *>(widget)
        || qobject_cast<const QPlainTextEdit *>(widget) || qobject_cast<const QTextEdit *>(widget)
        || qobject_cast<const QMenu *>(widget) || qobject_cast<const QMenuBar *>(widget);
}

QString describe(const QObject *object)
{
    return QStringLiteral("%1 \"%2\"")
        .arg(QString::fromLatin1(object->metaObject()->className()), object->objectName());
}

/// Everything in root a screen reader could not name: interactive widgets without an
/// accessible name (a button or a menu may rely on its text or title) and actions without text.
QStringList unnamed(const QWidget *root)
{
    QStringList missing;
    QList<const QWidget *> widgets {root};
    for (const QWidget *child : root->findChildren<QWidget *>())
        widgets.append(child);
    for (const QWidget *widget : std::as_const(widgets)) {
        if (!isInteractive(widget))
            continue;
        const auto *button = qobject_cast<const QAbstractButton *>(widget);
        const auto *menu = qobject_cast<const QMenu *>(widget);
        const bool named = !widget->accessibleName().trimmed().isEmpty()
            || (button && !button->text().remove(QLatin1Char('&')).trimmed().isEmpty())
            || (menu && !menu->title().remove(QLatin1Char('&')).trimmed().isEmpty());
        if (!named)
            missing.append(describe(widget));
    }
    for (const QAction *action : root->findChildren<QAction *>()) {
        if (!action->isSeparator() && action->text().remove(QLatin1Char('&')).trimmed().isEmpty())
            missing.append(describe(action));
    }
    return missing;
}

} // namespace

/// Every interactive widget and action of the client's windows has a name for screen readers,
/// and the menu commands have keyboard access.
class tst_Accessibility : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void mainWindowAndItsDialogs();
    void dialogs();
    void keyboardAccess();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QSettings> m_settings;
};

void tst_Accessibility::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_settings = std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("c.ini")), QSettings::IniFormat);
}

void tst_Accessibility::mainWindowAndItsDialogs()
{
    ChatClient client;
    ChatSession session(&client);
    MainWindow window(&session, m_settings.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // The lazily made dialogs too (they are children of the window).
    QVERIFY(window.searchDialog());
    QVERIFY(window.quickSwitcher());
    const QStringList missing = unnamed(&window);
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1String(", "))));
    // The check itself finds what it should.
    auto *bare = new QLineEdit(&window);
    QCOMPARE(unnamed(&window), QStringList {describe(bare)});
    new QAction(&window);
    QCOMPARE(unnamed(&window).size(), 2);
}

void tst_Accessibility::dialogs()
{
    ConnectDialog connect(m_settings.get());
    CreateRoomDialog create;
    CertificateDialog certificate(QStringLiteral("example.org:4567"), QStringLiteral("AB:CD"));
    ChatClient client;
    SearchDialog search(&client);
    ConversationListModel conversations;
    QuickSwitcher switcher(&conversations);
    for (QWidget *dialog : QList<QWidget *> {&connect, &create, &certificate, &search, &switcher}) {
        const QStringList missing = unnamed(dialog);
        QVERIFY2(missing.isEmpty(),
            qPrintable(describe(dialog) + QLatin1String(": ") + missing.join(QLatin1String(", "))));
        QVERIFY2(!dialog->accessibleName().isEmpty(), qPrintable(describe(dialog)));
    }
}

void tst_Accessibility::keyboardAccess()
{
    ChatClient client;
    ChatSession session(&client);
    MainWindow window(&session, m_settings.get());
    // Every menu command has a mnemonic, unique within its menu.
    for (const QMenu *menu : window.findChildren<QMenu *>()) {
        QSet<QChar> mnemonics;
        for (const QAction *action : menu->actions()) {
            if (action->isSeparator())
                continue;
            const QString text = action->text();
            const int amp = text.indexOf(QLatin1Char('&'));
            QVERIFY2(amp >= 0 && amp + 1 < text.size(), qPrintable(text));
            const QChar key = text.at(amp + 1).toLower();
            QVERIFY2(
                !mnemonics.contains(key), qPrintable(QStringLiteral("%1 in %2").arg(text, menu->title())));
            mnemonics.insert(key);
        }
    }
    for (const char *name :
        {"connectAction", "quickSwitchAction", "searchAction", "createRoomAction", "quitAction"})
        QVERIFY2(!window.findChild<QAction *>(QLatin1String(name))->shortcut().isEmpty(), name);
}

QTEST_MAIN(tst_Accessibility)
#include "tst_accessibility.moc"
