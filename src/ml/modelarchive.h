#pragma once

#include "core/expected.h"

#include <QString>

namespace iouslab::ml {

/// Checks that a TorchScript model file is an intact zip archive: the central directory is
/// readable and every stored entry matches its CRC-32. LibTorch's reader skips the CRC
/// checks, so a file with flipped bytes inside a weight tensor would otherwise load with
/// wrong weights. Fails with a message naming the file and the damaged entry.
Status checkModelArchive(const QString &path);

} // namespace iouslab::ml
