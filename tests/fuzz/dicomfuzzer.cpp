// libFuzzer target for the DICOM reader: each input is written to a file (the reader opens
// paths, as the importer does) and read to the end. Refusals are fine; a crash, a sanitizer
// report, a leak or a hang is a finding.
#include "io/framereader.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <unistd.h>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const QString path =
        QDir::tempPath() +
        QStringLiteral("/iouslab-dicomfuzz-%1.dcm").arg(QString::number(getpid()));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return 0;
        file.write(reinterpret_cast<const char *>(data), qint64(size));
    }

    auto reader = iouslab::openFrameReader(path);
    if (!reader)
        return 0;
    cv::Mat frame;
    double timeS = 0;
    // A few frames are enough to reach every decoder path; the cap keeps each run short.
    for (int i = 0; i < 4; ++i) {
        auto more = (*reader)->next(frame, timeS);
        if (!more || !*more)
            break;
    }
    return 0;
}
