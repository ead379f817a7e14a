#pragma once
#include <QString>
#include <QStringList>

namespace harrier::ui {

enum class Theme { System, Light, Dark };

/// The analyst's preferences (QSettings), read and written in one place.
class AppSettings {
public:
    static QString analyst();
    static void setAnalyst(const QString &name);
    static QStringList ruleFolders();          ///< YARA folders/files enabled by default
    static void setRuleFolders(const QStringList &paths);
    static QStringList disabledRulePacks();
    static void setDisabledRulePacks(const QStringList &paths);
    static QStringList iocFiles();
    static void setIocFiles(const QStringList &paths);
    static QStringList disabledIocFiles();
    static void setDisabledIocFiles(const QStringList &paths);
    /// Built-in analyzer ids switched off in the rules manager (all run by default).
    static QStringList disabledAnalyzers();
    static void setDisabledAnalyzers(const QStringList &ids);
    static int threads();
    static void setThreads(int n);
    static QStringList protectedDomains();
    static void setProtectedDomains(const QStringList &domains);
    static Theme theme();
    static void setTheme(Theme theme);

    static QStringList recentCases();
    static void addRecentCase(const QString &path);
    /// $HARRIER_DEMO_CASE, else ~/.local/share/Harrier/demo/demo.hcase; empty when absent.
    static QString demoCasePath();
};

/// Applies the light or dark palette (Fusion style) application-wide.
void applyTheme(Theme theme);

}  // namespace harrier::ui
