#pragma once
#include <QAbstractScrollArea>
#include <QByteArray>

namespace harrier::ui {

/// Hex dump of a byte buffer that paints only the lines on screen: a
/// 64 MiB blob is 4M lines, and formatting them all (or handing them to a
/// QPlainTextEdit) would freeze the GUI. Offsets, 16 bytes, ASCII column.
class HexView : public QAbstractScrollArea {
    Q_OBJECT
public:
    static constexpr int kBytesPerLine = 16;

    explicit HexView(QWidget *parent = nullptr);
    void setData(QByteArray bytes);
    const QByteArray &bytes() const { return m_data; }
    qint64 lineCount() const { return (m_data.size() + kBytesPerLine - 1) / kBytesPerLine; }
    /// One formatted line: "00000010  48 65 6c ...  |Hel...|".
    QString lineText(qint64 line) const;
    /// Scrolls so that the line holding `offset` is at the top.
    void scrollToOffset(qint64 offset);
    qint64 firstVisibleLine() const;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateScrollBars();
    int lineHeight() const;

    QByteArray m_data;
};

}  // namespace harrier::ui
