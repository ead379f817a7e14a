#include "ui/workspace/app_settings.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>
#include <QThread>

namespace harrier::ui {

namespace {
constexpr int kMaxRecent = 10;
QString defaultAnalyst() {
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? QStringLiteral("analyst") : user;
}
}  // namespace

QString AppSettings::analyst() { return QSettings().value("analyst/name", defaultAnalyst()).toString(); }
void AppSettings::setAnalyst(const QString &name) { QSettings().setValue("analyst/name", name.trimmed()); }
QStringList AppSettings::ruleFolders() { return QSettings().value("rules/yara").toStringList(); }
void AppSettings::setRuleFolders(const QStringList &paths) { QSettings().setValue("rules/yara", paths); }
QStringList AppSettings::disabledRulePacks() { return QSettings().value("rules/disabled").toStringList(); }
void AppSettings::setDisabledRulePacks(const QStringList &paths) { QSettings().setValue("rules/disabled", paths); }
QStringList AppSettings::iocFiles() { return QSettings().value("rules/ioc").toStringList(); }
void AppSettings::setIocFiles(const QStringList &paths) { QSettings().setValue("rules/ioc", paths); }
QStringList AppSettings::disabledIocFiles() { return QSettings().value("rules/iocDisabled").toStringList(); }
void AppSettings::setDisabledIocFiles(const QStringList &paths) { QSettings().setValue("rules/iocDisabled", paths); }
QStringList AppSettings::disabledAnalyzers() { return QSettings().value("rules/analyzersDisabled").toStringList(); }
void AppSettings::setDisabledAnalyzers(const QStringList &ids) { QSettings().setValue("rules/analyzersDisabled", ids); }

int AppSettings::threads() {
    return QSettings().value("jobs/threads", std::max(1, QThread::idealThreadCount() / 2)).toInt();
}
void AppSettings::setThreads(int n) { QSettings().setValue("jobs/threads", std::clamp(n, 1, 256)); }
QStringList AppSettings::protectedDomains() { return QSettings().value("detection/protectedDomains").toStringList(); }
void AppSettings::setProtectedDomains(const QStringList &domains) {
    QSettings().setValue("detection/protectedDomains", domains);
}

Theme AppSettings::theme() {
    const QString t = QSettings().value("ui/theme", "system").toString();
    return t == QLatin1String("dark") ? Theme::Dark : t == QLatin1String("light") ? Theme::Light : Theme::System;
}
void AppSettings::setTheme(Theme theme) {
    QSettings().setValue("ui/theme", theme == Theme::Dark ? "dark" : theme == Theme::Light ? "light" : "system");
}

QStringList AppSettings::recentCases() { return QSettings().value("cases/recent").toStringList(); }
void AppSettings::addRecentCase(const QString &path) {
    const QString abs = QFileInfo(path).absoluteFilePath();
    QStringList list = recentCases();
    list.removeAll(abs);
    list.prepend(abs);
    while (list.size() > kMaxRecent)
        list.removeLast();
    QSettings().setValue("cases/recent", list);
}

QString AppSettings::demoCasePath() {
    QString p = qEnvironmentVariable("HARRIER_DEMO_CASE");
    if (p.isEmpty())
        p = QDir::homePath() + QStringLiteral("/.local/share/Harrier/demo/demo.hcase");
    return QFileInfo::exists(p) ? p : QString();
}

void applyTheme(Theme theme) {
    // Fusion draws the same on every desktop, so both palettes look as designed.
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p = QApplication::style()->standardPalette();
    if (theme == Theme::Dark) {
        const QColor base(0x1e, 0x21, 0x26), window(0x2a, 0x2e, 0x35), text(0xe6, 0xe6, 0xe6);
        p.setColor(QPalette::Window, window);
        p.setColor(QPalette::WindowText, text);
        p.setColor(QPalette::Base, base);
        p.setColor(QPalette::AlternateBase, QColor(0x25, 0x29, 0x2f));
        p.setColor(QPalette::ToolTipBase, window);
        p.setColor(QPalette::ToolTipText, text);
        p.setColor(QPalette::Text, text);
        p.setColor(QPalette::Button, window);
        p.setColor(QPalette::ButtonText, text);
        p.setColor(QPalette::BrightText, Qt::red);
        p.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xc6));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::Link, QColor(0x6c, 0xb0, 0xff));
        p.setColor(QPalette::PlaceholderText, QColor(0x90, 0x90, 0x90));
        p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
        p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
        p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    }
    QApplication::setPalette(p);
}

}  // namespace harrier::ui
