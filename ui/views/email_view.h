#pragma once
#include <QHash>
#include <QWidget>

#include "casestore/records.h"

class QLabel;
class QPlainTextEdit;
class QTabWidget;
class QTableWidget;
class QHBoxLayout;

namespace harrier::casestore {
class CaseDb;
}

namespace harrier::ui {

class SafeHtmlBrowser;

/// One email as an analyst reads it: summary, SPF/DKIM/DMARC badges, body
/// (HTML rendered with every remote load refused, or plain text), every
/// header in order, Received hops with delays, remote content and whether a
/// rule flagged it, the thread (In-Reply-To/References) and attachments
/// with hashes and hits.
class EmailView : public QWidget {
    Q_OBJECT
public:
    explicit EmailView(casestore::CaseDb &db, QWidget *parent = nullptr);
    void showEmail(qint64 objectId);
    qint64 currentEmail() const { return m_emailId; }

    SafeHtmlBrowser *htmlView() const { return m_html; }
    QTableWidget *headerTable() const { return m_headers; }
    QTableWidget *hopTable() const { return m_hops; }
    QTableWidget *attachmentTable() const { return m_attachments; }
    QTableWidget *remoteTable() const { return m_remote; }
    QTableWidget *threadTable() const { return m_thread; }
    /// The badge texts shown, e.g. {"spf": "pass", "dkim": "fail"}.
    const QHash<QString, QString> &authBadges() const { return m_auth; }

signals:
    void objectActivated(qint64 objectId);

private:
    void clear();
    void fillSummary(const casestore::ObjectRecord &email);
    void fillBadges(const casestore::ObjectRecord &email);
    void fillHeaders(const casestore::ObjectRecord &email);
    void fillHops(const casestore::ObjectRecord &email);
    void fillThread(const casestore::ObjectRecord &email);
    void fillAttachments(const std::vector<casestore::ObjectRecord> &children);
    void fillRemote(const casestore::ObjectRecord &email);
    void fillBody(const casestore::ObjectRecord &email, const std::vector<casestore::ObjectRecord> &children);
    void noteRefused(const QUrl &url);

    casestore::CaseDb &m_db;
    qint64 m_emailId = 0;
    QLabel *m_subject = nullptr;
    QLabel *m_summary = nullptr;
    QHBoxLayout *m_badgeRow = nullptr;
    QList<QLabel *> m_badges;
    QLabel *m_linkStatus = nullptr;
    QTabWidget *m_tabs = nullptr;
    SafeHtmlBrowser *m_html = nullptr;
    QPlainTextEdit *m_text = nullptr;
    QTableWidget *m_headers = nullptr;
    QTableWidget *m_hops = nullptr;
    QTableWidget *m_remote = nullptr;
    QTableWidget *m_thread = nullptr;
    QTableWidget *m_attachments = nullptr;
    QHash<QString, QString> m_auth;
    QHash<QString, QString> m_flagged;  ///< URL -> rule that flagged it (hits on this email)
};

}  // namespace harrier::ui
