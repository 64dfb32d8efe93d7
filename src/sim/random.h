#pragma once

#include <cmath>
#include <cstdint>

namespace iouslab::sim {

/// Mixes numbers into one seed (SplitMix64 finaliser), so that a frame's seed follows from
/// (patient seed, sweep, frame) alone and the pixels do not depend on the order of work.
inline std::uint64_t mixSeed(std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0)
{
    auto mix = [](std::uint64_t z) {
        z += 0x9e3779b97f4a7c15ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    return mix(mix(mix(a) ^ b) ^ (c * 0x632be59bd9b4e019ULL));
}

/// A small random source with the same sequence on every platform (the standard library's
/// distributions are not specified bit for bit, so they are not used for anything written).
class Random
{
public:
    explicit Random(std::uint64_t seed)
        : m_state(mixSeed(seed))
    {}

    std::uint64_t next()
    {
        m_state = mixSeed(m_state, 0x5851f42d4c957f2dULL);
        return m_state;
    }

    /// Uniform in [0, 1).
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }
    double uniform(double low, double high) { return low + (high - low) * uniform(); }
    /// An integer in [low, high].
    int integer(int low, int high) { return low + int(next() % std::uint64_t(high - low + 1)); }
    bool chance(double probability) { return uniform() < probability; }
    /// Standard normal (Box-Muller).
    double normal()
    {
        const double u1 = 1.0 - uniform();
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
    }

private:
    std::uint64_t m_state;
};

} // namespace iouslab::sim
