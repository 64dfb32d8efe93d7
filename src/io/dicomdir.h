#pragma once

#include "core/expected.h"

#include <QStringList>

namespace iouslab {

/// Whether path is a DICOMDIR (a DICOM file of the Media Storage Directory class).
bool isDicomDir(const QString &path);

/// The image files a DICOMDIR references (records with a Referenced File ID), resolved
/// against the DICOMDIR's folder, in record order. Referenced files that do not exist are
/// left out; a DICOMDIR that cannot be read gives an Error naming it.
Expected<QStringList> dicomDirImageFiles(const QString &path);

} // namespace iouslab
