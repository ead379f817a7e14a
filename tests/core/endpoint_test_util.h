#pragma once
// Helpers for the endpoint tests: run independent tools (sqlite3, python3,
// evtxexport) and the CLI, so answers never come from Harrier's own code.
#include <QProcess>
#include <QString>
#include <QStringList>

namespace harrier::test {

inline QByteArray runTool(const QString &program, const QStringList &args, int timeoutMs = 300000) {
    QProcess p;
    p.start(program, args);
    p.closeWriteChannel();  // encrypted archives must never wait on a prompt
    p.waitForFinished(timeoutMs);
    return p.readAllStandardOutput();
}

/// One query through the sqlite3 shell, rows as lines, fields '|'-separated.
inline QStringList sql(const QString &db, const QString &query) {
    const QString out = QString::fromUtf8(runTool("sqlite3", {"-readonly", db, query}));
    return out.split('\n', Qt::SkipEmptyParts);
}

}  // namespace harrier::test
