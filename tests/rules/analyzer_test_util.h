#pragma once
// Shared by the analyzer tests: build a case with the real CLI (case new,
// ingest, scan), then read the analyzer hits back through casestore.

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <memory>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "casestore/case_db.h"
#include "casestore/hit_store.h"
#include "support/test_support.h"

namespace harrier::test {

struct ScannedCase {
    QTemporaryDir dir;
    QString path;
    int ingestRc = -1, scanRc = -1;
    QByteArray scanOut, scanErr;
    std::unique_ptr<casestore::CaseDb> db;
    std::vector<casestore::HitRecord> hits;  ///< latest harrier-analyzers hits
};

inline std::unique_ptr<ScannedCase> ingestAndScan(const QStringList &evidence, const QStringList &scanArgs) {
    auto c = std::make_unique<ScannedCase>();
    c->path = c->dir.path() + QStringLiteral("/case.hcase");
    if (runCli({QStringLiteral("case"), QStringLiteral("new"), c->path, QStringLiteral("--name"), QStringLiteral("t")}) != 0)
        return c;
    QStringList ingest{QStringLiteral("ingest"), c->path};
    ingest << evidence << QStringLiteral("--quiet");
    c->ingestRc = runCli(ingest, nullptr, nullptr, 1200000);
    QStringList scan{QStringLiteral("scan"), c->path};
    scan << scanArgs << QStringLiteral("--json");
    c->scanRc = runCli(scan, &c->scanOut, &c->scanErr, 1200000);
    if (c->scanRc != 0)
        qWarning("scan failed: %s", c->scanErr.constData());
    // Opened after the scan, so the read-only connection sees its writes.
    auto db = casestore::CaseDb::open(c->path.toStdString(), casestore::OpenMode::ReadOnly);
    if (!db)
        return c;
    c->db = std::move(*db);
    casestore::HitFilter f;
    f.ruleSet = "harrier-analyzers";
    if (auto h = casestore::HitStore(*c->db).list(f))
        c->hits = std::move(*h);
    return c;
}

inline nlohmann::json details(const casestore::HitRecord &h) {
    return nlohmann::json::parse(h.detailsJson, nullptr, false);
}

}  // namespace harrier::test
