#pragma once

#include "catalogue/catalogue.h"
#include "core/expected.h"
#include "ml/trainingframe.h"

#include <QHash>

#include <memory>

namespace iouslab {

class FrameStoreReader;

/// The model-input copies of a project's frames, read from the memory-mapped frame store:
/// training and scoring get pixels without decoding anything again. Clips are mapped on first
/// use and stay mapped while this object lives; the operating system pages frames in and out,
/// so memory does not grow with the project.
class ModelInputs
{
public:
    /// Maps the clips of locations (their frame store files must exist).
    static Expected<std::unique_ptr<ModelInputs>>
    open(const QString &framesFolder, const QList<Catalogue::FrameLocation> &locations);
    ~ModelInputs();

    /// A loader for the ml layer: copies a frame's side x side grey copy (resized from the
    /// store's copy when side differs). Unknown frames come out black.
    ml::FrameLoader loader(int side = 256) const;

private:
    ModelInputs() = default;

    struct Place
    {
        const FrameStoreReader *clip = nullptr;
        int index = 0;
    };
    QHash<qint64, Place> m_places;                          // by frame id
    std::vector<std::unique_ptr<FrameStoreReader>> m_clips; // owned mappings
};

} // namespace iouslab
