#include "app/modelinputs.h"

#include "io/framestore.h"

#include <opencv2/imgproc.hpp>

#include <cstring>

namespace iouslab {

ModelInputs::~ModelInputs() = default;

Expected<std::unique_ptr<ModelInputs>>
ModelInputs::open(const QString &framesFolder, const QList<Catalogue::FrameLocation> &locations)
{
    std::unique_ptr<ModelInputs> inputs(new ModelInputs);
    QHash<QString, const FrameStoreReader *> byHash;
    for (const Catalogue::FrameLocation &location : locations) {
        const FrameStoreReader *clip = byHash.value(location.contentHash);
        if (!clip) {
            auto opened = FrameStoreReader::open(framesFolder, location.contentHash);
            if (!opened)
                return makeError(opened.error());
            clip = opened->get();
            inputs->m_clips.push_back(std::move(opened.value()));
            byHash.insert(location.contentHash, clip);
        }
        if (location.frameIndex >= clip->frameCount())
            return makeError(QStringLiteral("the frame store holds %1 frames of clip %2, the "
                                            "catalogue more; import the clip again")
                                 .arg(clip->frameCount())
                                 .arg(location.clipId));
        inputs->m_places.insert(location.frameId, Place{clip, location.frameIndex});
    }
    return inputs;
}

ml::FrameLoader ModelInputs::loader(int side) const
{
    return [this, side](qint64 frameId, uint8_t *out) {
        const auto place = m_places.constFind(frameId);
        if (place == m_places.constEnd()) {
            std::memset(out, 0, size_t(side) * side);
            return;
        }
        const int stored = place->clip->modelSide();
        const uchar *pixels = place->clip->modelFrame(place->index);
        if (stored == side) {
            std::memcpy(out, pixels, size_t(side) * side);
            return;
        }
        const cv::Mat source(stored, stored, CV_8UC1, const_cast<uchar *>(pixels));
        cv::Mat target(side, side, CV_8UC1, out);
        cv::resize(source, target, target.size(), 0, 0, cv::INTER_AREA);
    };
}

} // namespace iouslab
