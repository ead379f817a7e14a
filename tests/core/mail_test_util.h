#pragma once
// Helpers shared by the mail tests: ingest with the real CLI into a fresh
// case, then read the case back through casestore (never Harrier's output
// text), and run python3 as the independent oracle.

#include <QDir>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "casestore/case_db.h"
#include "casestore/case_reader.h"
#include "casestore/object_query.h"
#include "support/test_support.h"

namespace harrier::test {

struct IngestedCase {
    QTemporaryDir dir;
    QString path;
    int exitCode = -1;
    QByteArray out, err;
    std::unique_ptr<casestore::CaseDb> db;
};

inline std::unique_ptr<IngestedCase> ingestInto(const QStringList &evidence, const QStringList &extra = {}) {
    auto c = std::make_unique<IngestedCase>();
    c->path = c->dir.path() + QStringLiteral("/case.hcase");
    if (runCli({QStringLiteral("case"), QStringLiteral("new"), c->path, QStringLiteral("--name"), QStringLiteral("t")}) != 0)
        return c;
    QStringList args{QStringLiteral("ingest"), c->path};
    args << evidence << extra << QStringLiteral("--json");
    c->exitCode = runCli(args, &c->out, &c->err, 1200000);
    auto db = casestore::CaseDb::open(c->path.toStdString(), casestore::OpenMode::ReadOnly);
    if (db)
        c->db = std::move(*db);
    return c;
}

inline const casestore::Attribute *attr(const casestore::ObjectRecord &o, const std::string &name) {
    for (const auto &a : o.attributes)
        if (a.name == name)
            return &a;
    return nullptr;
}

inline std::string text(const casestore::ObjectRecord &o, const std::string &name) {
    const auto *a = attr(o, name);
    return a ? a->text : std::string();
}

inline nlohmann::json jsonAttr(const casestore::ObjectRecord &o, const std::string &name) {
    const auto *a = attr(o, name);
    return a ? nlohmann::json::parse(a->text, nullptr, false) : nlohmann::json();
}

/// Runs python3 with a script and arguments; returns stdout (empty on failure).
inline QByteArray python(const QString &script, const QStringList &args = {}) {
    QProcess p;
    p.start(QStringLiteral("python3"), QStringList{QStringLiteral("-c"), script} + args);
    if (!p.waitForFinished(600000) || p.exitCode() != 0) {
        qWarning("python3 failed: %s", p.readAllStandardError().constData());
        return {};
    }
    return p.readAllStandardOutput();
}

/// All objects of every source whose kind is `kind`, with attributes.
inline std::vector<casestore::ObjectRecord> objectsOfKind(const casestore::CaseDb &db, const std::string &kind) {
    casestore::CaseReader reader(db);
    std::vector<casestore::ObjectRecord> out;
    auto sources = reader.sources();
    if (!sources)
        return out;
    for (const auto &s : *sources) {
        auto objs = reader.objectsOfSource(s.source.id, kind);
        if (!objs)
            continue;
        for (const auto &o : *objs) {
            auto full = reader.object(o.id);
            out.push_back(full ? *full : o);
        }
    }
    return out;
}

}  // namespace harrier::test
