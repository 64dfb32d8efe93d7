// The iouslab program: the workstation window with no arguments, the headless command line
// with a subcommand.
#include "app/projectlocation.h"
#include "catalogue/project.h"
#include "cli/commandline.h"
#include "core/version.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QMessageBox>

#include <cstdio>

namespace {

void setApplicationNames()
{
    QCoreApplication::setOrganizationName(QStringLiteral("iouslab"));
    QCoreApplication::setApplicationName(QStringLiteral("iouslab"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(iouslab::versionString));
}

int runWindow(int argc, char **argv, const QStringList &arguments)
{
    QApplication app(argc, argv);
    setApplicationNames();

    const QString folder = iouslab::resolveProjectFolder(iouslab::cli::projectArgument(arguments));
    auto project = iouslab::Project::open(folder, iouslab::Project::OpenMode::CreateIfMissing);
    if (!project) {
        std::fprintf(stderr, "iouslab: %s\n", qPrintable(project.error()));
        QMessageBox::critical(nullptr, QStringLiteral("iouslab"), project.error());
        return 1;
    }
    iouslab::MainWindow window((*project)->folder());
    window.show();
    return app.exec();
}

} // namespace

int main(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);

    if (!iouslab::cli::wantsCommandLine(arguments))
        return runWindow(argc, argv, arguments);

    QCoreApplication app(argc, argv);
    setApplicationNames();
    QTextStream out(stdout);
    QTextStream err(stderr);
    return iouslab::cli::runCommandLine(arguments, out, err);
}
