// Help → About Harrier lists Harrier's, Qt's and the evidence libraries'
// versions; expected values come from the libraries' own calls here.
#include <QTableWidget>
#include <QtTest>

#include <archive.h>
#include <sqlite3.h>

#include "harrier/version.h"
#include "ui/dialogs/about_dialog.h"

using namespace harrier::ui;

class TestAbout : public QObject {
    Q_OBJECT
private slots:
    void listsVersions() {
        const auto rows = AboutDialog::versionRows();
        QCOMPARE(rows.size(), 5);
        QCOMPARE(rows[0], qMakePair(QStringLiteral("Harrier"), QString::fromUtf8(harrier::kVersion)));
        QCOMPARE(rows[1], qMakePair(QStringLiteral("Qt"), QString::fromLatin1(qVersion())));
        QCOMPARE(rows[2], qMakePair(QStringLiteral("SQLite"), QString::fromLatin1(sqlite3_libversion())));
        QCOMPARE(rows[3].first, QStringLiteral("libyara"));
        QVERIFY(rows[3].second.count(QLatin1Char('.')) >= 1);
        QCOMPARE(rows[4].first, QStringLiteral("libarchive"));
        QCOMPARE(QStringLiteral("libarchive ") + rows[4].second, QString::fromLatin1(archive_version_string()));

        AboutDialog dialog;
        auto *table = dialog.findChild<QTableWidget *>(QStringLiteral("versions"));
        QVERIFY(table);
        QCOMPARE(table->rowCount(), 5);
        QCOMPARE(table->item(2, 1)->text(), QString::fromLatin1(sqlite3_libversion()));
    }
};

QTEST_MAIN(TestAbout)
#include "tst_about.moc"
