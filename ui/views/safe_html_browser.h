#pragma once
#include <QHash>
#include <QList>
#include <QSet>
#include <QTextBrowser>
#include <QUrl>

#include <functional>

namespace harrier::ui {

/// Renders hostile email HTML without ever fetching anything. QTextBrowser
/// (not a web engine: no scripts, no network stack) asks loadResource for
/// every image, background and stylesheet; this override answers `cid:`
/// from the message's own stored parts and small `data:` images, and
/// refuses everything else — http, https, ftp, file (a UNC file URL would
/// leak credentials on Windows), relative names. Refused images are drawn
/// as labelled placeholders with their URL. Links are shown, never followed.
class SafeHtmlBrowser : public QTextBrowser {
    Q_OBJECT
public:
    /// Content of a `cid:` part (without angle brackets), empty when unknown.
    using CidResolver = std::function<QByteArray(const QString &contentId)>;

    explicit SafeHtmlBrowser(QWidget *parent = nullptr);

    void setCidResolver(CidResolver resolver) { m_cid = std::move(resolver); }
    /// URLs an analyzer or rule flagged on this message, with the rule that did.
    void setFlaggedUrls(QHash<QString, QString> flagged) { m_flagged = std::move(flagged); }
    /// URLs known to be <img src> (from the parser's HTML scan): they get a
    /// labelled placeholder; other refused images (backgrounds, which Qt
    /// would tile) get a blank pixel and are listed by the email view instead.
    void setImageUrls(QSet<QString> urls) { m_imageUrls = std::move(urls); }
    /// Shows a message body; forgets what the previous one asked for.
    void showHtml(const QString &html);

    /// Every resource the document asked for, and which of them were refused.
    const QList<QUrl> &requestedUrls() const { return m_requested; }
    const QList<QUrl> &refusedUrls() const { return m_refused; }

    QVariant loadResource(int type, const QUrl &name) override;

signals:
    void resourceRefused(const QUrl &url, int type);

private:
    QVariant placeholder(const QUrl &url) const;
    static QVariant decodeDataUrl(const QUrl &url, int type);
    static QVariant refusedValue();

    CidResolver m_cid;
    QHash<QString, QString> m_flagged;
    QSet<QString> m_imageUrls;
    QList<QUrl> m_requested;
    QList<QUrl> m_refused;
};

}  // namespace harrier::ui
