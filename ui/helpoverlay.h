#pragma once

#include <QList>
#include <QPair>
#include <QWidget>

namespace iouslab {

/// The key overlay shown on `?`: a dimmed sheet over its parent listing every key and what
/// it does. It follows its parent's size; any key or click hides it.
class HelpOverlay : public QWidget
{
    Q_OBJECT

public:
    /// parent is covered; keys are (key text, what it does).
    explicit HelpOverlay(QWidget *parent);

    void setKeys(const QList<QPair<QString, QString>> &keys);
    void toggle();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    QList<QPair<QString, QString>> m_keys;
};

} // namespace iouslab
