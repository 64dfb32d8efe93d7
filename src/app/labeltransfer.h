#pragma once

#include "catalogue/records.h"
#include "core/expected.h"

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace iouslab {

class Catalogue;

/// What a label import did. messages: one line per CSV line that could not be applied.
struct LabelImportSummary
{
    int applied = 0;
    int unchanged = 0;
    int skipped = 0;
    QStringList messages;
};

/// Imports a label CSV made elsewhere (columns file, frame, label; a header line is allowed)
/// as the labels of one reader, created with role if new. A file is matched to a clip by its
/// absolute source path, else by the end of the path (for paths relative to a study folder),
/// else refused as unknown or ambiguous. Every label is written through the catalogue, so it
/// is audited; the whole file is one transaction.
Expected<LabelImportSummary> importLabels(Catalogue &catalogue, const QString &csvPath,
                                          const QString &readerName, ReaderRole role);

/// Writes every label (of one reader, when readerName is not empty) as CSV:
/// file, frame, reader, role, label, labelled_at (ms since the epoch, UTC).
Status exportLabels(Catalogue &catalogue, QTextStream &out, const QString &readerName = {});

} // namespace iouslab
