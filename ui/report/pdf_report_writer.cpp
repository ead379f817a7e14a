#include "ui/report/pdf_report_writer.h"

#include <QAbstractTextDocumentLayout>
#include <QFile>
#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>
#include <QTextOption>
#include <QUrl>

#include "ui/report/report_html.h"

namespace harrier::uireport {

namespace {

constexpr int kDpi = 300;

qreal mm(qreal v) { return v / 25.4 * kDpi; }

}  // namespace

Result<void> writeReportPdf(const report::ReportData &data, const QString &html, const QImage &chart,
                            const QString &path) {
    QPdfWriter writer(path);
    writer.setResolution(kDpi);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(18, 14, 18, 14), QPageLayout::Millimeter);
    writer.setTitle(QString::fromStdString(data.caseName) + QStringLiteral(" — incident summary"));
    writer.setCreator(QStringLiteral("Harrier ") + QString::fromStdString(data.harrierVersion));

    QTextDocument doc;
    doc.documentLayout()->setPaintDevice(&writer);
    QFont body(QStringLiteral("DejaVu Sans"));
    body.setPointSizeF(9);
    // No ligatures: "fi" stays two letters, so text copied or searched in
    // the PDF matches what the reader types.
    body.setStyleStrategy(QFont::PreferNoShaping);
    doc.setDefaultFont(body);
    // Long URLs, paths and hashes have no spaces: let them wrap anywhere
    // rather than run off the page.
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    doc.setDefaultTextOption(option);
    doc.setDocumentMargin(0);
    doc.addResource(QTextDocument::ImageResource, QUrl(QStringLiteral("harrier:activity-chart")), chart);
    doc.setHtml(html);

    const QRectF paper = writer.pageLayout().paintRectPixels(kDpi);  // inside the margins
    const qreal headerHeight = mm(12);
    const qreal footerHeight = mm(10);
    const QSizeF bodySize(paper.width(), paper.height() - headerHeight - footerHeight);
    doc.setPageSize(bodySize);
    const int pages = doc.pageCount();

    QPainter p;
    if (!p.begin(&writer))
        return makeError(ErrorCode::Io, "cannot write PDF " + path.toStdString());
    QFont small(QStringLiteral("DejaVu Sans"));
    small.setPointSizeF(7.5);
    QFont markFont(small);
    markFont.setBold(true);
    const QString marking = QString::fromStdString(data.marking);
    const QColor markColor = markingColor(marking);
    const QString caseName = QString::fromStdString(data.caseName);

    auto drawMarking = [&](qreal y, qreal h) {
        p.setFont(markFont);
        const QFontMetricsF fm(markFont, &writer);
        const qreal w = fm.horizontalAdvance(marking) + mm(4);
        const QRectF box(paper.width() - w, y, w, h);
        p.fillRect(box, Qt::black);
        p.setPen(markColor);
        p.drawText(box, Qt::AlignCenter, marking);
        return w;
    };

    for (int i = 0; i < pages; ++i) {
        if (i > 0 && !writer.newPage())
            return makeError(ErrorCode::Io, "cannot add a page to " + path.toStdString());
        // Header: title left, marking right, a rule below.
        const qreal markH = mm(5.5);
        const qreal markW = drawMarking(0, markH);
        p.setFont(small);
        p.setPen(QColor(0x44, 0x44, 0x44));
        p.drawText(QRectF(0, 0, paper.width() - markW - mm(3), markH), Qt::AlignLeft | Qt::AlignVCenter,
                   QStringLiteral("Harrier incident summary — ") + caseName);
        p.setPen(QPen(QColor(0x99, 0x99, 0x99), mm(0.2)));
        p.drawLine(QPointF(0, markH + mm(2)), QPointF(paper.width(), markH + mm(2)));

        // Body: this page's slice of the laid-out document.
        p.save();
        p.translate(0, headerHeight - i * bodySize.height());
        const QRectF clip(0, i * bodySize.height(), bodySize.width(), bodySize.height());
        p.setClipRect(clip);
        QAbstractTextDocumentLayout::PaintContext ctx;
        // The layout draws every line that touches the clip; a line starting
        // exactly on the page boundary belongs to the next page, so the
        // context's clip stops just short of it (otherwise that line is
        // also written, invisibly clipped, into this page's text).
        ctx.clip = clip.adjusted(0, 0.5, 0, -0.5);
        ctx.palette.setColor(QPalette::Text, Qt::black);
        doc.documentLayout()->draw(&p, ctx);
        p.restore();

        // Footer: marking left, generated time centre, page numbers right.
        const qreal fy = paper.height() - footerHeight + mm(4);
        p.setPen(QPen(QColor(0x99, 0x99, 0x99), mm(0.2)));
        p.drawLine(QPointF(0, fy - mm(1.5)), QPointF(paper.width(), fy - mm(1.5)));
        p.setFont(small);
        p.setPen(QColor(0x44, 0x44, 0x44));
        const QRectF line(0, fy, paper.width(), mm(5));
        p.drawText(line, Qt::AlignLeft | Qt::AlignVCenter, marking);
        p.drawText(line, Qt::AlignHCenter | Qt::AlignVCenter,
                   QStringLiteral("Generated ") + QString::fromStdString(data.generatedAt.toIso8601()).left(19) +
                       QStringLiteral(" UTC"));
        p.drawText(line, Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("Page %1 of %2").arg(i + 1).arg(pages));
    }
    if (!p.end())
        return makeError(ErrorCode::Io, "cannot finish PDF " + path.toStdString());
    if (!QFile::exists(path))
        return makeError(ErrorCode::Io, "PDF " + path.toStdString() + " was not written");
    return {};
}

}  // namespace harrier::uireport
