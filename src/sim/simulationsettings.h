#pragma once

#include <QString>

#include <array>
#include <cstdint>
#include <optional>

namespace iouslab::sim {

/// The kinds of focal liver lesion the phantom holds. The names are the ground-truth CSV's.
enum class LesionType
{
    Hypoechoic,    ///< metastasis-like: darker than parenchyma
    Hyperechoic,   ///< haemangioma-like: brighter than parenchyma
    Target,        ///< echogenic centre with a hypoechoic halo
    Cyst,          ///< anechoic, with posterior acoustic enhancement
    Calcification, ///< small and bright, with an acoustic shadow
};
constexpr int lesionTypeCount = 5;

/// "hypoechoic", "hyperechoic", "target", "cyst" or "calcification".
QString lesionTypeName(LesionType type);

/// Parses a lesionTypeName spelling; nothing for anything else.
std::optional<LesionType> parseLesionType(const QString &text);

/// The transducer: a linear probe (most IOUS probes) or a curvilinear one (sector image).
enum class ProbeKind
{
    Linear,
    Curvilinear,
};

/// Every knob of a simulated set. The defaults make the 16-patient set of the demo project:
/// small, low-contrast lesions, so that a frame classifier does not separate them perfectly.
struct SimulationSettings
{
    int patients = 16;
    /// Frames per patient across its two clips: 60 % in the DICOM sweep, the rest in the MP4.
    int frames = 300;
    std::uint64_t seed = 1;
    ProbeKind probe = ProbeKind::Linear;
    /// Writes the multi-frame DICOM as JPEG baseline (YBR_FULL_422) instead of uncompressed.
    bool jpeg = false;
    /// Magnitude of the contrast of hypo- and hyperechoic lesions and of target centres (dB);
    /// each lesion draws its own within +-1.5 dB of it. Cysts and calcifications have their
    /// own physical contrast.
    double contrastDb = 9.0;
    /// Typical lesion diameter (mm); each lesion draws 0.5x to 1.6x of it (calcifications are
    /// always small, 2.5 to 5 mm).
    double lesionSizeMm = 10.0;
    /// A frame contains a lesion when the lesion's cross-section in the imaging plane is at
    /// least this wide (mm).
    double minVisibleMm = 3.0;
    /// Relative proportions of the lesion types, in LesionType order.
    std::array<double, lesionTypeCount> lesionTypeWeights{0.35, 0.25, 0.18, 0.12, 0.10};
    /// Clip frame rate (frames per second), 20 to 30.
    double frameRate = 25.0;
    /// Worker threads for frame generation; the pixels do not depend on it.
    int threads = 2;
    /// Single-frame DICOM stills written per patient.
    int stills = 3;
};

} // namespace iouslab::sim
