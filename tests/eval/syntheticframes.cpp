#include "syntheticframes.h"

#include <cmath>
#include <random>

namespace iouslab::test {

namespace {

// std::normal_distribution's output is left open by the standard; drawing the normals here
// (Box-Muller over mt19937_64, both fully specified) keeps the data the same everywhere.
class NormalSource
{
public:
    explicit NormalSource(std::uint64_t seed)
        : m_random(seed)
    {}

    double uniform() { return ((m_random() >> 11) + 0.5) * 0x1.0p-53; }

    double normal()
    {
        const double pi = 3.14159265358979323846;
        return std::sqrt(-2.0 * std::log(uniform())) * std::cos(2.0 * pi * uniform());
    }

    int between(int low, int high) { return low + static_cast<int>(uniform() * (high - low + 1)); }

private:
    std::mt19937_64 m_random;
};

double sigmoid(double x)
{
    return 1.0 / (1.0 + std::exp(-x));
}

double rounded(double score, double step, bool dividing)
{
    if (step <= 0.0)
        return score;
    const double steps = std::round(score / step);
    return dividing ? steps / std::round(1.0 / step) : steps * step;
}

void addFrame(TwoModelFrames &frames, double first, double second, int label, std::int64_t patient)
{
    frames.first.scores.push_back(first);
    frames.first.labels.push_back(label);
    frames.first.patients.push_back(patient);
    frames.second.scores.push_back(second);
    frames.second.labels.push_back(label);
    frames.second.patients.push_back(patient);
}

} // namespace

TwoModelFrames makeSyntheticFrames(const SyntheticFrameOptions &options)
{
    NormalSource source(options.seed);
    TwoModelFrames frames;
    for (int p = 0; p < options.patients; ++p) {
        const int count = source.between(options.minFramesPerPatient, options.maxFramesPerPatient);
        const double shift = 0.5 * source.normal();
        double prevalence = 0.2 + 0.4 * source.uniform();
        if (p % 7 == 0)
            prevalence = 0.0;
        else if (p == 3)
            prevalence = 1.0;

        for (int f = 0; f < count; ++f) {
            const int label = source.uniform() < prevalence ? 1 : 0;
            const double noise = source.normal();
            const double first = sigmoid(-0.6 + 1.4 * label + shift + noise);
            const double second =
                sigmoid(-0.6 + 1.0 * label + 0.5 * shift + 0.6 * noise + 0.8 * source.normal());
            addFrame(frames, rounded(first, options.roundTo, options.roundByDividing),
                     rounded(second, options.roundTo, options.roundByDividing), label,
                     1000 + 7 * p);
        }
    }
    return frames;
}

TwoModelFrames makeIndependentFrames(int lesions, int normals, std::uint64_t seed)
{
    NormalSource source(seed);
    TwoModelFrames frames;
    for (int i = 0; i < lesions + normals; ++i) {
        const int label = i < lesions ? 1 : 0;
        const double noise = source.normal();
        addFrame(frames, sigmoid(1.2 * label + noise),
                 sigmoid(0.8 * label + 0.6 * noise + 0.8 * source.normal()), label, i);
    }
    return frames;
}

} // namespace iouslab::test
