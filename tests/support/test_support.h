#pragma once
/// Shared helpers for Harrier's Qt Test executables.

#include <QString>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <string>
#include <vector>

#include "casestore/case_db.h"

namespace harrier::test {

/// ../shared/corpus, or $HARRIER_CORPUS. Empty when absent.
QString corpusDir();
/// Path of a corpus subfolder/file, or empty when the corpus or it is absent.
QString corpusPath(const QString &relative);
/// The harrier-cli binary under test ($HARRIER_CLI).
QString cliPath();

/// Runs harrier-cli with args; returns exit code, fills stdout/stderr.
int runCli(const QStringList &args, QByteArray *out = nullptr, QByteArray *err = nullptr, int timeoutMs = 300000);

/// sha256 of a file computed by coreutils' sha256sum (an independent tool).
QString sha256sum(const QString &path);

/// A new case in a temp dir that lives as long as the returned struct.
struct TempCase {
    QTemporaryDir dir;
    std::string path;
    std::unique_ptr<casestore::CaseDb> db;
};
std::unique_ptr<TempCase> makeTempCase(const std::string &name = "test case");

void writeFile(const QString &path, const QByteArray &content);

}  // namespace harrier::test

/// Skips the current test function when a corpus path is missing.
#define HARRIER_REQUIRE_CORPUS(var, relative)                                             \
    const QString var = ::harrier::test::corpusPath(relative);                            \
    if (var.isEmpty())                                                                    \
        QSKIP(qPrintable(QStringLiteral("corpus not present: ") + QString(relative)));
