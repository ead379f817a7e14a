#include "support/test_support.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

namespace harrier::test {

QString corpusDir() {
    QString dir = qEnvironmentVariable("HARRIER_CORPUS");
    if (dir.isEmpty())
        dir = qEnvironmentVariable("HARRIER_CORPUS_DEFAULT");
    if (dir.isEmpty() || !QFileInfo(dir).isDir())
        return {};
    return QDir(dir).absolutePath();
}

QString corpusPath(const QString &relative) {
    const QString root = corpusDir();
    if (root.isEmpty())
        return {};
    const QString p = root + QLatin1Char('/') + relative;
    return QFileInfo::exists(p) ? p : QString();
}

QString cliPath() { return qEnvironmentVariable("HARRIER_CLI"); }

int runCli(const QStringList &args, QByteArray *out, QByteArray *err, int timeoutMs) {
    QProcess p;
    p.start(cliPath(), args);
    if (!p.waitForStarted())
        return -1;
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        return -2;
    }
    if (out)
        *out = p.readAllStandardOutput();
    if (err)
        *err = p.readAllStandardError();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -3;
}

QString sha256sum(const QString &path) {
    QProcess p;
    p.start(QStringLiteral("sha256sum"), {path});
    p.waitForFinished();
    return QString::fromLatin1(p.readAllStandardOutput()).section(QLatin1Char(' '), 0, 0);
}

std::unique_ptr<TempCase> makeTempCase(const std::string &name) {
    auto c = std::make_unique<TempCase>();
    c->path = (c->dir.path() + QStringLiteral("/case.hcase")).toStdString();
    auto db = casestore::CaseDb::create(c->path, name, "tester");
    if (!db)
        qFatal("cannot create case: %s", db.error().message.c_str());
    c->db = std::move(*db);
    return c;
}

void writeFile(const QString &path, const QByteArray &content) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    f.write(content);
}

}  // namespace harrier::test
