#include "ui/tourscreenshot.h"

#include <QDir>
#include <QPixmap>
#include <QWidget>

namespace iouslab::tour {

void saveScreenshot(QWidget *widget, const QString &folder, const QString &name)
{
    const QString path = QDir(folder).filePath(name);
    if (!widget->grab().save(path))
        qWarning("screenshot tour: cannot write %s", qPrintable(path));
}

} // namespace iouslab::tour
