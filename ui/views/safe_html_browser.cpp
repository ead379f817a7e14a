#include "ui/views/safe_html_browser.h"

#include <QCursor>
#include <QFontMetrics>
#include <QImage>
#include <QPainter>
#include <QTextDocument>
#include <QToolTip>

namespace harrier::ui {

namespace {
// Inline images larger than this are not decoded (a data: URL or cid part
// can be a decompression bomb); the placeholder says so instead.
constexpr qsizetype kMaxInlineImageBytes = 16 * 1024 * 1024;
}  // namespace

SafeHtmlBrowser::SafeHtmlBrowser(QWidget *parent) : QTextBrowser(parent) {
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setReadOnly(true);
    setUndoRedoEnabled(false);
    // No search paths: a relative name must never resolve to a local file.
    setSearchPaths({});
    // Hovering a link shows where it really goes (the text may say otherwise).
    connect(this, &QTextBrowser::highlighted, this, [this](const QUrl &url) {
        if (url.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(QCursor::pos(), tr("Link (not opened): %1").arg(url.toString()), this);
    });
}

void SafeHtmlBrowser::showHtml(const QString &html) {
    m_requested.clear();
    m_refused.clear();
    // clear() also drops the resources cached for the previous message.
    document()->clear();
    setHtml(html);
}

QVariant SafeHtmlBrowser::loadResource(int type, const QUrl &name) {
    m_requested.append(name);
    const QString scheme = name.scheme().toLower();
    if (scheme == QLatin1String("cid") && type == QTextDocument::ImageResource && m_cid) {
        QString id = QUrl::fromPercentEncoding(name.toEncoded()).mid(4);
        if (id.startsWith(QLatin1Char('<')) && id.endsWith(QLatin1Char('>')))
            id = id.mid(1, id.size() - 2);
        const QByteArray bytes = m_cid(id);
        QImage img;
        if (!bytes.isEmpty() && bytes.size() <= kMaxInlineImageBytes && img.loadFromData(bytes))
            return img;
        return placeholder(name);  // a missing or broken part: say so, fetch nothing
    }
    if (scheme == QLatin1String("data"))
        return decodeDataUrl(name, type);
    // Everything else is refused: the whole point of this class.
    m_refused.append(name);
    emit resourceRefused(name, type);
    if (type == QTextDocument::ImageResource) {
        if (m_imageUrls.contains(name.toString()))
            return placeholder(name);
        QImage blank(1, 1, QImage::Format_ARGB32);
        blank.fill(Qt::transparent);
        return blank;
    }
    return refusedValue();
}

// Never answer with a null QVariant: QTextDocument then tries the name
// itself as a local file (relative to its base URL). An empty byte array is
// a valid, empty resource in Qt 6 (QVariant::isNull() is false for it).
QVariant SafeHtmlBrowser::refusedValue() { return QVariant(QByteArray("")); }

QVariant SafeHtmlBrowser::decodeDataUrl(const QUrl &url, int type) {
    if (type != QTextDocument::ImageResource)
        return refusedValue();
    const QByteArray enc = url.toEncoded();
    const qsizetype comma = enc.indexOf(',');
    if (comma < 0 || enc.size() > kMaxInlineImageBytes * 2)
        return refusedValue();
    const QByteArray meta = enc.left(comma);
    const QByteArray payload = QByteArray::fromPercentEncoding(enc.mid(comma + 1));
    const QByteArray bytes = meta.endsWith(";base64") ? QByteArray::fromBase64(payload) : payload;
    QImage img;
    if (img.loadFromData(bytes))
        return img;
    return refusedValue();
}

QVariant SafeHtmlBrowser::placeholder(const QUrl &url) const {
    const QString text = url.toString();
    const QString flaggedBy = m_flagged.value(text);
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.9);
    const QFontMetrics fm(f);
    const int w = 420, line = fm.height(), h = 3 * line + 14;
    QImage img(w, h, QImage::Format_ARGB32_Premultiplied);
    img.fill(QColor(0xF3, 0xF3, 0xF3));
    QPainter p(&img);
    p.setFont(f);
    p.setPen(flaggedBy.isEmpty() ? QColor(0x99, 0x99, 0x99) : QColor(0xB0, 0x3A, 0x2E));
    p.drawRect(0, 0, w - 1, h - 1);
    p.setPen(QColor(0x33, 0x33, 0x33));
    const QString title = url.scheme() == QLatin1String("cid") ? tr("Embedded image missing") : tr("Remote image blocked");
    p.drawText(QRect(8, 5, w - 16, line), Qt::AlignLeft | Qt::AlignVCenter, title);
    p.drawText(QRect(8, 5 + line, w - 16, line), Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(text, Qt::ElideMiddle, w - 16));
    if (!flaggedBy.isEmpty()) {
        p.setPen(QColor(0xB0, 0x3A, 0x2E));
        p.drawText(QRect(8, 5 + 2 * line, w - 16, line), Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(tr("Flagged: %1").arg(flaggedBy), Qt::ElideRight, w - 16));
    } else {
        p.setPen(QColor(0x66, 0x66, 0x66));
        p.drawText(QRect(8, 5 + 2 * line, w - 16, line), Qt::AlignLeft | Qt::AlignVCenter, tr("Not flagged by any rule"));
    }
    return img;
}

}  // namespace harrier::ui
