// Child of the crash-safety test: opens the catalogue given as the first argument and sets
// labels on its frames in a loop, each in its own transaction, printing "committed FRAME VALUE"
// after each commit returns, until it is killed.
#include "catalogue/catalogue.h"

#include <QCoreApplication>

#include <cstdio>

using namespace iouslab;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: labelwriterchild CATALOGUE READER_ID\n");
        return 2;
    }
    auto catalogue =
        Catalogue::open(QString::fromLocal8Bit(argv[1]), Catalogue::OpenMode::OpenExisting);
    if (!catalogue) {
        std::fprintf(stderr, "%s\n", qPrintable(catalogue.error()));
        return 1;
    }
    const ReaderId reader = QByteArray(argv[2]).toLongLong();
    auto clips = (*catalogue)->clips(1);
    if (!clips || clips->isEmpty())
        return 1;
    const QList<FrameRecord> frames = (*catalogue)->frames(clips->first().id).value();

    const LabelValue values[] = {LabelValue::Normal, LabelValue::Lesion, LabelValue::Ungradable};
    for (qint64 i = 0;; ++i) {
        const FrameId frame = frames.at(int(i % frames.size())).id;
        const LabelValue value = values[(i / frames.size() + i) % 3];
        Catalogue::Transaction transaction(**catalogue);
        if (!transaction.isActive() || !(*catalogue)->setLabel(frame, reader, value) ||
            !transaction.commit()) {
            std::fprintf(stderr, "write failed\n");
            return 1;
        }
        std::printf("committed %lld %s\n", frame, qPrintable(labelValueName(value)));
        std::fflush(stdout);
    }
}
