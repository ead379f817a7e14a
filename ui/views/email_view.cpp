#include "ui/views/email_view.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <map>

#include "casestore/case_db.h"
#include "casestore/case_reader.h"
#include "casestore/email_thread_query.h"
#include "casestore/hit_store.h"
#include "ui/models/timeline_model.h"
#include "ui/views/safe_html_browser.h"
#include "ui/widgets/record_table.h"

namespace harrier::ui {

using casestore::ObjectRecord;

namespace {

const casestore::Attribute *findAttr(const ObjectRecord &o, const char *name) {
    for (const auto &a : o.attributes)
        if (a.name == name)
            return &a;
    return nullptr;
}

QString attrText(const ObjectRecord &o, const char *name) {
    const auto *a = findAttr(o, name);
    return a ? QString::fromStdString(a->text) : QString();
}

QJsonArray attrArray(const ObjectRecord &o, const char *name) {
    const auto *a = findAttr(o, name);
    return a ? QJsonDocument::fromJson(QByteArray::fromStdString(a->text)).array() : QJsonArray();
}

QTableWidgetItem *cell(const QString &text, const QString &tip = {}) {
    auto *item = new QTableWidgetItem(text);
    item->setToolTip(tip.isEmpty() ? (text.size() > 60 ? text : QString()) : tip);
    return item;
}

void addRow(QTableWidget *t, const QList<QTableWidgetItem *> &items) {
    const int row = t->rowCount();
    t->insertRow(row);
    for (int c = 0; c < items.size(); ++c)
        t->setItem(row, c, items[c]);
}

QString delayText(qint64 s) {
    const QString sign = s < 0 ? QStringLiteral("\u2212") : QStringLiteral("+");
    const qint64 a = std::abs(s);
    if (a < 60)
        return QStringLiteral("%1%2 s").arg(sign).arg(a);
    if (a < 3600)
        return QStringLiteral("%1%2 min %3 s").arg(sign).arg(a / 60).arg(a % 60);
    return QStringLiteral("%1%2 h %3 min").arg(sign).arg(a / 3600).arg((a % 3600) / 60);
}

QString badgeStyle(const QString &result) {
    QString bg = QStringLiteral("#9e9e9e");
    if (result == QLatin1String("pass"))
        bg = QStringLiteral("#2e7d32");
    else if (result == QLatin1String("fail") || result == QLatin1String("permerror"))
        bg = QStringLiteral("#c62828");
    else if (result == QLatin1String("softfail") || result == QLatin1String("neutral") ||
             result == QLatin1String("temperror") || result == QLatin1String("policy"))
        bg = QStringLiteral("#ef6c00");
    return QStringLiteral("QLabel { background: %1; color: white; border-radius: 3px; padding: 2px 8px; font-weight: bold; }")
        .arg(bg);
}

}  // namespace

EmailView::EmailView(casestore::CaseDb &db, QWidget *parent) : QWidget(parent), m_db(db) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    m_subject = new QLabel(this);
    QFont sf = m_subject->font();
    sf.setPointSizeF(sf.pointSizeF() * 1.25);
    sf.setBold(true);
    m_subject->setFont(sf);
    m_subject->setWordWrap(true);
    m_subject->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary = new QLabel(this);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_badgeRow = new QHBoxLayout();
    m_badgeRow->setSpacing(6);
    layout->addWidget(m_subject);
    layout->addWidget(m_summary);
    layout->addLayout(m_badgeRow);

    m_tabs = new QTabWidget(this);
    m_html = new SafeHtmlBrowser(m_tabs);
    m_text = new QPlainTextEdit(m_tabs);
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_headers = makeRecordTable({tr("Header"), tr("Value")}, m_tabs);
    m_hops = makeRecordTable({tr("Hop"), tr("From"), tr("By"), tr("IP"), tr("With"), tr("Time (UTC)"), tr("Delay")}, m_tabs);
    m_remote = makeRecordTable({tr("Where"), tr("URL"), tr("Notes"), tr("Flagged by")}, m_tabs);
    m_thread = makeRecordTable({tr("Relation"), tr("Date (UTC)"), tr("From"), tr("Subject")}, m_tabs);
    m_attachments = makeRecordTable({tr("Name"), tr("Type"), tr("Size"), tr("SHA-256"), tr("MD5"), tr("Hits")}, m_tabs);
    m_tabs->addTab(m_html, tr("Message"));
    m_tabs->addTab(m_text, tr("Plain text"));
    m_tabs->addTab(m_headers, tr("Headers"));
    m_tabs->addTab(m_hops, tr("Received"));
    m_tabs->addTab(m_remote, tr("Remote content"));
    m_tabs->addTab(m_thread, tr("Thread"));
    m_tabs->addTab(m_attachments, tr("Attachments"));
    layout->addWidget(m_tabs, 1);
    m_linkStatus = new QLabel(this);
    m_linkStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_linkStatus);

    const QFontMetrics fm = fontMetrics();
    auto w = [&fm](const char *s) { return fm.horizontalAdvance(QString::fromUtf8(s)) + 24; };
    m_headers->setColumnWidth(0, w("X-Originating-IP: x"));
    for (auto [c, s] : std::initializer_list<std::pair<int, const char *>>{
             {0, "Hop"}, {1, "mail.example.com"}, {2, "mx.example.org"}, {3, "203.0.113.250"},
             {4, "ESMTPS"}, {5, "2024-03-25 10:15:00.000"}})
        m_hops->setColumnWidth(c, w(s));
    m_remote->setColumnWidth(0, w("background"));
    m_remote->setColumnWidth(1, w("x") * 36);
    m_remote->setColumnWidth(2, w("hidden (1-pixel side)"));
    m_thread->setColumnWidth(0, w("earlier (References)"));
    m_thread->setColumnWidth(1, w("2024-03-25 10:15:00.000"));
    m_thread->setColumnWidth(2, w("Someone Long <someone@example.com>"));
    m_attachments->setColumnWidth(0, w("invoice-2024-03.docm"));
    m_attachments->setColumnWidth(1, w("application/octet-stream"));
    m_attachments->setColumnWidth(2, w("12,345,678"));
    m_attachments->setColumnWidth(3, w("0123456789abcdef0123456789abcdef"));
    m_attachments->setColumnWidth(4, w("0123456789abcdef01234567"));
    for (QTableWidget *t : {m_hops, m_attachments})
        t->setFont(font());

    connect(m_html, &QTextBrowser::highlighted, this, [this](const QUrl &url) {
        m_linkStatus->setText(url.isEmpty() ? QString() : tr("Link (never opened): %1").arg(url.toString()));
    });
    connect(m_html, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        m_linkStatus->setText(tr("Links in evidence are not opened. Target: %1").arg(url.toString()));
    });
    connect(m_html, &SafeHtmlBrowser::resourceRefused, this, [this](const QUrl &url) { noteRefused(url); });
    connect(m_thread, &QTableWidget::cellActivated, this, [this](int row, int) {
        if (auto *item = m_thread->item(row, 0))
            showEmail(item->data(Qt::UserRole).toLongLong());
    });
    connect(m_attachments, &QTableWidget::cellActivated, this, [this](int row, int) {
        if (auto *item = m_attachments->item(row, 0))
            emit objectActivated(item->data(Qt::UserRole).toLongLong());
    });
    clear();
}

void EmailView::clear() {
    m_subject->setText(tr("No email selected"));
    m_summary->clear();
    for (QLabel *b : m_badges)
        b->deleteLater();
    m_badges.clear();
    m_auth.clear();
    m_flagged.clear();
    m_html->showHtml({});
    m_text->clear();
    for (QTableWidget *t : {m_headers, m_hops, m_remote, m_thread, m_attachments})
        t->setRowCount(0);
    m_linkStatus->clear();
}

void EmailView::showEmail(qint64 objectId) {
    clear();
    m_emailId = objectId;
    casestore::CaseReader reader(m_db);
    auto email = reader.object(objectId);
    if (!email || email->kind != "email") {
        m_subject->setText(email ? tr("Item %1 is not an email").arg(objectId) : tr("Cannot read item %1").arg(objectId));
        return;
    }
    auto children = reader.children(objectId);
    std::vector<ObjectRecord> kids = children ? std::move(*children) : std::vector<ObjectRecord>{};
    // Full records (with attributes) for the attachments; children() may return them bare.
    for (auto &k : kids)
        if (k.attributes.empty())
            if (auto full = reader.object(k.id))
                k = std::move(*full);

    // Hits on this email flag its URLs: a URL is flagged when a hit names it.
    if (auto hits = casestore::HitStore(m_db).list()) {
        QStringList urls;
        for (const auto &v : attrArray(*email, "urls"))
            urls << v.toObject().value(QStringLiteral("url")).toString();
        for (const auto &v : attrArray(*email, "images"))
            urls << v.toObject().value(QStringLiteral("src")).toString();
        for (const auto &h : *hits) {
            if (h.objectId != objectId)
                continue;
            const QString text = QString::fromStdString(h.explanation + "\n" + h.detailsJson);
            for (const QString &u : urls)
                if (!u.isEmpty() && text.contains(u))
                    m_flagged.insert(u, QString::fromStdString(h.ruleId));
        }
    }
    fillSummary(*email);
    fillBadges(*email);
    fillHeaders(*email);
    fillHops(*email);
    fillThread(*email);
    fillAttachments(kids);
    fillRemote(*email);
    fillBody(*email, kids);
    m_tabs->setTabText(2, tr("Headers (%1)").arg(m_headers->rowCount()));
    m_tabs->setTabText(3, tr("Received (%1)").arg(m_hops->rowCount()));
    m_tabs->setTabText(5, tr("Thread (%1)").arg(m_thread->rowCount()));
    m_tabs->setTabText(6, tr("Attachments (%1)").arg(m_attachments->rowCount()));
}

void EmailView::fillSummary(const ObjectRecord &email) {
    const QString subject = attrText(email, "subject");
    m_subject->setText(subject.isEmpty() ? tr("(no subject)") : subject);
    QHash<QString, QString> first;
    for (const auto &v : attrArray(email, "headers")) {
        const QJsonObject h = v.toObject();
        const QString name = h.value(QStringLiteral("name")).toString().toLower();
        if (!first.contains(name))
            first.insert(name, h.value(QStringLiteral("value")).toString());
    }
    QString date;
    if (const auto *d = findAttr(email, "date"))
        date = TimelineModel::formatUtc(UtcTime{d->integer}) + QStringLiteral(" UTC");
    const QString original = attrText(email, "date_original");
    QString html = QStringLiteral("<table cellspacing=0 cellpadding=1>");
    auto row = [&html](const QString &k, const QString &v) {
        if (!v.isEmpty())
            html += QStringLiteral("<tr><td style='color:#666; padding-right:10px'>%1</td><td>%2</td></tr>").arg(k, v.toHtmlEscaped());
    };
    row(tr("From"), first.value(QStringLiteral("from")));
    row(tr("To"), first.value(QStringLiteral("to")));
    row(tr("Cc"), first.value(QStringLiteral("cc")));
    row(tr("Reply-To"), first.value(QStringLiteral("reply-to")));
    row(tr("Date"), date.isEmpty() ? original : date + QStringLiteral("   (") + original + QLatin1Char(')'));
    row(tr("Message-ID"), attrText(email, "message_id"));
    html += QStringLiteral("</table>");
    m_summary->setText(html);
}

void EmailView::fillBadges(const ObjectRecord &email) {
    // Prefer the receiving server's own Authentication-Results (first listed),
    // then ARC, then Received-SPF.
    const QStringList order{QStringLiteral("Authentication-Results"), QStringLiteral("ARC-Authentication-Results"),
                            QStringLiteral("Received-SPF")};
    const QJsonArray verdicts = attrArray(email, "auth_results");
    QHash<QString, QString> tips;
    for (const QString &header : order)
        for (const auto &v : verdicts) {
            const QJsonObject o = v.toObject();
            const QString method = o.value(QStringLiteral("method")).toString();
            if (o.value(QStringLiteral("header")).toString() != header || m_auth.contains(method))
                continue;
            m_auth.insert(method, o.value(QStringLiteral("result")).toString());
            tips.insert(method, tr("%1 by %2 for %3").arg(header, o.value(QStringLiteral("authserv_id")).toString(),
                                                        o.value(QStringLiteral("domain")).toString()));
        }
    for (const char *m : {"spf", "dkim", "dmarc"}) {
        const QString method = QString::fromLatin1(m);
        const QString result = m_auth.value(method, QStringLiteral("none"));
        auto *b = new QLabel(QStringLiteral("%1 %2").arg(method.toUpper(), result), this);
        b->setStyleSheet(badgeStyle(result));
        b->setToolTip(tips.value(method, tr("No %1 verdict in the headers").arg(method.toUpper())));
        m_badgeRow->addWidget(b);
        m_badges << b;
    }
    auto *stretch = new QLabel(this);
    m_badgeRow->addWidget(stretch, 1);
    m_badges << stretch;
}

void EmailView::fillHeaders(const ObjectRecord &email) {
    for (const auto &v : attrArray(email, "headers")) {
        const QJsonObject h = v.toObject();
        const QString raw = h.value(QStringLiteral("raw")).toString();
        const QString value = h.value(QStringLiteral("value")).toString().simplified();
        addRow(m_headers, {cell(h.value(QStringLiteral("name")).toString()),
                           cell(value, raw == value ? value : tr("Decoded: %1\n\nAs written: %2").arg(value, raw))});
    }
}

void EmailView::fillHops(const ObjectRecord &email) {
    for (const auto &v : attrArray(email, "received_hops")) {
        const QJsonObject h = v.toObject();
        QString time = h.value(QStringLiteral("date")).toString();
        if (auto t = UtcTime::parseIso8601(h.value(QStringLiteral("time")).toString().toStdString()))
            time = TimelineModel::formatUtc(*t);
        QString delay;
        QTableWidgetItem *delayItem = nullptr;
        if (h.value(QStringLiteral("delay_seconds")).isDouble()) {
            const auto s = static_cast<qint64>(h.value(QStringLiteral("delay_seconds")).toDouble());
            delayItem = cell(delayText(s));
            if (s < 0 || s > 3600)  // clock skew, a forged hop, or a message held back
                delayItem->setForeground(QColor(0xB0, 0x3A, 0x2E));
        } else {
            delayItem = cell(QString());
        }
        delayItem->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        const QString from = h.value(QStringLiteral("from_host")).toString();
        addRow(m_hops, {cell(QString::number(h.value(QStringLiteral("hop")).toInt())),
                        cell(from, from + QLatin1Char(' ') + h.value(QStringLiteral("from_detail")).toString()),
                        cell(h.value(QStringLiteral("by_host")).toString()), cell(h.value(QStringLiteral("ip")).toString()),
                        cell(h.value(QStringLiteral("protocol")).toString()), cell(time), delayItem});
    }
}

void EmailView::fillThread(const ObjectRecord &email) {
    casestore::EmailThreadQuery q(m_db);
    std::vector<std::string> earlier;
    if (const QString irt = attrText(email, "in_reply_to"); !irt.isEmpty())
        earlier.push_back(irt.toStdString());
    for (const auto &v : attrArray(email, "references"))
        earlier.push_back(v.toString().toStdString());
    auto add = [this](const casestore::ThreadEmail &t, const QString &relation) {
        if (t.id == m_emailId)
            return;
        auto *first = cell(relation);
        first->setData(Qt::UserRole, QVariant::fromValue<qint64>(t.id));
        addRow(m_thread, {first, cell(t.date ? TimelineModel::formatUtc(*t.date) : QString()),
                          cell(QString::fromStdString(t.from)), cell(QString::fromStdString(t.subject))});
    };
    const std::string irt = attrText(email, "in_reply_to").toStdString();
    if (auto before = q.byMessageIds(earlier))
        for (const auto &t : *before)
            add(t, t.messageId == irt ? tr("replied to") : tr("earlier (References)"));
    if (auto after = q.replies(attrText(email, "message_id").toStdString()))
        for (const auto &t : *after)
            add(t, tr("reply"));
}

void EmailView::fillAttachments(const std::vector<ObjectRecord> &children) {
    std::map<casestore::ObjectId, std::pair<int, int>> hitsOf;  // count, max severity
    std::map<casestore::ObjectId, QStringList> rulesOf;
    if (auto hits = casestore::HitStore(m_db).list())
        for (const auto &h : *hits) {
            auto &[n, sev] = hitsOf[h.objectId];
            ++n;
            sev = std::max(sev, h.severity);
            rulesOf[h.objectId] << QString::fromStdString(h.ruleId);
        }
    for (const auto &c : children) {
        if (c.kind == "email")
            continue;  // a forwarded message is part of the thread of items, opened from the tree
        auto *name = cell(QString::fromStdString(c.name), QString::fromStdString(c.path));
        name->setData(Qt::UserRole, QVariant::fromValue<qint64>(c.id));
        const QString declared = attrText(c, "declared_type");
        const QString type = c.mimeType.empty() ? declared : QString::fromStdString(c.mimeType);
        auto *typeItem = cell(type, declared.isEmpty() || declared == type ? QString::fromStdString(c.fileType)
                                                                           : tr("Declared %1, content is %2").arg(declared, type));
        auto *size = cell(c.size ? QLocale().toString(static_cast<qlonglong>(*c.size)) : QString());
        size->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        const auto it = hitsOf.find(c.id);
        auto *hits = cell(it == hitsOf.end() ? QString() : tr("%1 (max %2)").arg(it->second.first).arg(it->second.second),
                          it == hitsOf.end() ? QString() : rulesOf[c.id].join(QLatin1Char('\n')));
        if (it != hitsOf.end())
            hits->setForeground(QColor(0xB0, 0x3A, 0x2E));
        const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        auto *sha = cell(QString::fromStdString(c.sha256), QString::fromStdString(c.sha256));
        auto *md5 = cell(QString::fromStdString(c.md5), QString::fromStdString(c.md5));
        sha->setFont(mono);
        md5->setFont(mono);
        addRow(m_attachments, {name, typeItem, size, sha, md5, hits});
    }
}

void EmailView::fillRemote(const ObjectRecord &email) {
    QSet<QString> seen;
    auto add = [&](const QString &where, const QString &url, const QString &notes) {
        if (url.isEmpty() || seen.contains(where + url))
            return;
        seen.insert(where + url);
        auto *flag = cell(m_flagged.value(url));
        flag->setForeground(QColor(0xB0, 0x3A, 0x2E));
        addRow(m_remote, {cell(where), cell(url, url), cell(notes), flag});
    };
    for (const auto &v : attrArray(email, "images")) {
        const QJsonObject im = v.toObject();
        const QString kind = im.value(QStringLiteral("src_kind")).toString();
        if (kind == QLatin1String("cid") || kind == QLatin1String("data"))
            continue;
        QString notes = tr("image, not loaded");
        if (im.value(QStringLiteral("hidden")).toBool())
            notes = tr("hidden (%1)").arg(im.value(QStringLiteral("hidden_reason")).toString());
        add(tr("img src"), im.value(QStringLiteral("src")).toString(), notes);
    }
    for (const auto &v : attrArray(email, "urls")) {
        const QJsonObject u = v.toObject();
        const QString origin = u.value(QStringLiteral("origin")).toString();
        if (origin == QLatin1String("img src"))
            continue;  // listed with its image details above
        const QString anchor = u.value(QStringLiteral("anchor_text")).toString().simplified();
        add(origin, u.value(QStringLiteral("url")).toString(),
            anchor.isEmpty() ? QString() : tr("link text: %1").arg(anchor.left(80)));
    }
    m_tabs->setTabText(4, tr("Remote content (%1)").arg(m_remote->rowCount()));
}

void EmailView::noteRefused(const QUrl &url) {
    const QString u = url.toString();
    for (int r = 0; r < m_remote->rowCount(); ++r)
        if (m_remote->item(r, 1) && m_remote->item(r, 1)->text() == u)
            return;
    // The renderer asked for something the parser's scan did not list: show it too.
    auto *flag = cell(m_flagged.value(u));
    addRow(m_remote, {cell(tr("renderer")), cell(u, u), cell(tr("requested while rendering, refused")), flag});
    m_tabs->setTabText(4, tr("Remote content (%1)").arg(m_remote->rowCount()));
}

void EmailView::fillBody(const ObjectRecord &email, const std::vector<ObjectRecord> &children) {
    // cid: parts come from this message's own stored attachments, nothing else.
    QHash<QString, std::string> cidBlobs;
    for (const auto &c : children) {
        QString cid = attrText(c, "content_id");
        if (cid.startsWith(QLatin1Char('<')) && cid.endsWith(QLatin1Char('>')))
            cid = cid.mid(1, cid.size() - 2);
        if (!cid.isEmpty() && !c.blobSha256.empty())
            cidBlobs.insert(cid, c.blobSha256);
    }
    casestore::CaseDb *db = &m_db;
    m_html->setCidResolver([db, cidBlobs](const QString &cid) -> QByteArray {
        const auto it = cidBlobs.find(cid);
        if (it == cidBlobs.end())
            return {};
        auto bytes = casestore::CaseReader(*db).blob(*it);
        return bytes ? QByteArray(reinterpret_cast<const char *>(bytes->data()), static_cast<qsizetype>(bytes->size()))
                     : QByteArray();
    });
    m_html->setFlaggedUrls(m_flagged);
    QSet<QString> imageUrls;
    for (const auto &v : attrArray(email, "images"))
        imageUrls.insert(v.toObject().value(QStringLiteral("src")).toString());
    m_html->setImageUrls(imageUrls);
    const QString html = attrText(email, "body_html");
    const QString text = attrText(email, "body_text");
    m_text->setPlainText(text);
    if (!html.isEmpty())
        m_html->showHtml(html);
    else
        m_html->setPlainText(text.isEmpty() ? tr("(no body)") : text);
    QString note;
    if (findAttr(email, "body_html_truncated") || findAttr(email, "body_text_truncated"))
        note = tr("The stored body is truncated; the full message is in the item's content. ");
    if (!m_html->refusedUrls().isEmpty())
        note += tr("%n remote resource(s) blocked.", nullptr, static_cast<int>(m_html->refusedUrls().size()));
    m_linkStatus->setText(note);
}

}  // namespace harrier::ui
