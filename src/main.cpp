// The iouslab program: the workstation window with no arguments, the headless command line
// with a subcommand.
#include "app/projectlocation.h"
#include "catalogue/project.h"
#include "cli/commandline.h"
#include "core/version.h"
#include "ui/mainwindow.h"
#include "ui/readerdialog.h"
#include "ui/theme.h"

#include <QApplication>
#include <QMessageBox>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <unistd.h>

namespace {

// LibTorch's OpenMP threads spin while they wait by default; on two cores shared with the
// window that makes training several times slower than one thread. The policy is read when the
// library loads, before main, so the window and the commands that run the network start the
// program again with it set (the others skip the second start-up). If that fails, the program
// goes on with the default policy.
void ensurePassiveOpenMpWait(char **argv, const QStringList &arguments)
{
    if (qEnvironmentVariableIsSet("OMP_WAIT_POLICY"))
        return;
    static const QStringList runsNetwork{QStringLiteral("train"), QStringLiteral("predict"),
                                         QStringLiteral("export-model"), QStringLiteral("review")};
    if (iouslab::cli::wantsCommandLine(arguments) &&
        !runsNetwork.contains(iouslab::cli::subcommandName(arguments)))
        return;
    ::setenv("OMP_WAIT_POLICY", "PASSIVE", 1);
    ::execv("/proc/self/exe", argv);
}

void setApplicationNames()
{
    QCoreApplication::setOrganizationName(QStringLiteral("iouslab"));
    QCoreApplication::setApplicationName(QStringLiteral("iouslab"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(iouslab::versionString));
}

// The reader labelling in this window: IOUSLAB_READER (created with IOUSLAB_READER_ROLE when
// new) for scripted runs such as the screenshots, else the person picks in the reader dialog.
// Nothing when the dialog is cancelled: the window then browses without labelling.
std::optional<iouslab::ReaderRecord> chooseReader(iouslab::Catalogue &catalogue)
{
    const QString name = qEnvironmentVariable("IOUSLAB_READER");
    if (!name.isEmpty()) {
        if (auto found = catalogue.findReader(name); found && *found)
            return **found;
        const auto role = iouslab::parseReaderRole(qEnvironmentVariable("IOUSLAB_READER_ROLE"))
                              .value_or(iouslab::ReaderRole::ProjectLead);
        if (auto id = catalogue.addReader(name, role))
            return iouslab::ReaderRecord{*id, name, role, iouslab::Catalogue::nowMs()};
        return std::nullopt;
    }
    iouslab::ReaderDialog dialog(catalogue);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return dialog.reader();
}

int runWindow(int argc, char **argv, const QStringList &arguments)
{
    QApplication app(argc, argv);
    setApplicationNames();
    iouslab::theme::applyDark(app);

    const QString folder = iouslab::resolveProjectFolder(iouslab::cli::projectArgument(arguments));
    auto project = iouslab::Project::open(folder, iouslab::Project::OpenMode::CreateIfMissing);
    if (!project) {
        std::fprintf(stderr, "iouslab: %s\n", qPrintable(project.error()));
        QMessageBox::critical(nullptr, QStringLiteral("iouslab"), project.error());
        return 1;
    }
    const auto reader = chooseReader((*project)->catalogue());
    iouslab::MainWindow window((*project)->folder(), reader);
    window.show();
    // A hidden switch for packaging/screenshots.sh: grab the window and the review dialogs
    // into this folder, then quit.
    const QString screenshots = qEnvironmentVariable("IOUSLAB_SCREENSHOTS");
    if (!screenshots.isEmpty())
        window.runScreenshotTour(screenshots);
    return app.exec();
}

} // namespace

int main(int argc, char **argv)
{
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    ensurePassiveOpenMpWait(argv, arguments);

    if (!iouslab::cli::wantsCommandLine(arguments))
        return runWindow(argc, argv, arguments);

    // `iouslab evaluate --report` draws its PDF with QPainter, whose fonts need a
    // QGuiApplication; the offscreen platform lets it run without a display.
    std::unique_ptr<QCoreApplication> app;
    static const QStringList drawsPdf{QStringLiteral("evaluate"), QStringLiteral("review")};
    if (drawsPdf.contains(iouslab::cli::subcommandName(arguments))) {
        if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QGuiApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    setApplicationNames();
    QTextStream out(stdout);
    QTextStream err(stderr);
    return iouslab::cli::runCommandLine(arguments, out, err);
}
