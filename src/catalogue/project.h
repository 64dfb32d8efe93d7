#pragma once

#include "catalogue/catalogue.h"
#include "core/expected.h"

#include <QString>

#include <memory>

namespace iouslab {

/// One project is one folder: catalogue.sqlite, frames/ (the frame store) and models/ (model
/// weights). A Project holds the folder's paths and one Catalogue connection for the thread
/// that opened it; workers open connections of their own on cataloguePath().
class Project
{
public:
    enum class OpenMode
    {
        OpenExisting,    ///< the folder must already hold a catalogue
        CreateIfMissing, ///< creates the folder, catalogue and subfolders as needed
    };

    /// Opens the project in folder. Refuses, with a message that names the path, a path that
    /// is a file, a folder that cannot be written, and a catalogue that cannot be used; it
    /// never replaces or rewrites a file it did not create.
    static Expected<std::unique_ptr<Project>> open(const QString &folder, OpenMode mode);

    QString folder() const { return m_folder; }
    QString cataloguePath() const;
    QString framesFolder() const;
    QString modelsFolder() const;
    Catalogue &catalogue() { return *m_catalogue; }

    /// The secret key of the keyed hash that turns patient identifiers into pseudonyms. It is
    /// made at random when the project is created and never leaves the catalogue.
    QByteArray pseudonymKey() const { return m_pseudonymKey; }

    static QString catalogueFileName() { return QStringLiteral("catalogue.sqlite"); }

private:
    Project() = default;

    QString m_folder;
    std::unique_ptr<Catalogue> m_catalogue;
    QByteArray m_pseudonymKey;
};

} // namespace iouslab
