#pragma once
// Evidence the UI tests write themselves: a mailbox with a tracking-pixel
// message, a collection zip with a PHP webshell, a YARA pack for both.

#include <QDir>
#include <QString>

#include <string>
#include <vector>

#include "support/archive_builder.h"
#include "support/test_support.h"

namespace harrier::test {

inline QString writeMailbox(const QString &dir) {
    const QString path = dir + QStringLiteral("/inbox.mbox");
    QByteArray mbox;
    mbox += "From alice@example.org Mon Mar  4 09:12:00 2024\n"
            "From: Alice <alice@example.org>\nTo: bob@parliament.example\nSubject: Agenda for Tuesday\n"
            "Date: Mon, 04 Mar 2024 09:12:00 +0000\nMessage-ID: <a1@example.org>\nContent-Type: text/plain\n\n"
            "See you on Tuesday.\n\n";
    mbox += "From track@news.example Mon Mar  4 10:30:00 2024\n"
            "From: Newsletter <track@news.example>\nTo: bob@parliament.example\nSubject: Your weekly digest\n"
            "Date: Mon, 04 Mar 2024 10:30:00 +0000\nMessage-ID: <t1@news.example>\nMIME-Version: 1.0\n"
            "Content-Type: text/html; charset=utf-8\n\n"
            "<html><body><p>Hello</p><img src=\"http://tracker.news.example/open.gif?u=bob\" width=\"1\" "
            "height=\"1\"></body></html>\n\n";
    mbox += "From carol@example.org Tue Mar  5 08:00:00 2024\n"
            "From: Carol <carol@example.org>\nTo: bob@parliament.example\nSubject: Minutes\n"
            "Date: Tue, 05 Mar 2024 08:00:00 +0000\nMessage-ID: <c1@example.org>\nContent-Type: text/plain\n\n"
            "Minutes attached later.\n";
    writeFile(path, mbox);
    return path;
}

inline QString writeCollectionZip(const QString &dir, int extraFiles = 40) {
    const QString path = dir + QStringLiteral("/collection-web01.zip");
    std::vector<ArchiveEntry> entries;
    entries.push_back({"C/inetpub/wwwroot/index.html", "<html>welcome</html>", 1709550000});
    entries.push_back({"C/inetpub/wwwroot/uploads/shell.php",
                       "<?php if(isset($_REQUEST['cmd'])){ @eval(base64_decode($_REQUEST['cmd'])); } ?>", 1709553600});
    entries.push_back({"C/Windows/System32/drivers/etc/hosts", "127.0.0.1 localhost\n", 1700000000});
    for (int i = 0; i < extraFiles; ++i)
        entries.push_back({"C/Users/bob/Documents/note" + std::to_string(i) + ".txt",
                           "note " + std::to_string(i), 1709460000 + i * 60});
    writeArchive(path.toStdString(), ArchiveKind::Zip, entries);
    return path;
}

inline QString writeRules(const QString &dir) {
    const QString rules = dir + QStringLiteral("/rules");
    QDir().mkpath(rules);
    writeFile(rules + QStringLiteral("/webshell.yar"),
              "rule php_eval_webshell { meta: score = 90 description = \"PHP eval of request data\"\n"
              "  strings: $a = \"eval(base64_decode($_REQUEST\" $b = \"<?php\" condition: all of them }\n");
    writeFile(rules + QStringLiteral("/pixel.yar"),
              "rule tracking_pixel { meta: score = 60\n"
              "  strings: $w = \"width=\\\"1\\\"\" $h = \"height=\\\"1\\\"\" $i = \"<img\" nocase condition: all of them }\n");
    writeFile(rules + QStringLiteral("/broken.yar"), "rule broken { strings: $a = \"x\" condition: $b }\n");
    return rules;
}

}  // namespace harrier::test
