#pragma once

#include "core/expected.h"

#include <QString>

namespace iouslab {

/// The SHA-256 of a file's bytes as 64 lowercase hex characters, read in pieces so that memory
/// does not grow with the file. Fails with a message naming the file when it cannot be read.
Expected<QString> sha256OfFile(const QString &path);

} // namespace iouslab
