#pragma once

#include "sklearnreference.h"

#include <catch2/catch.hpp>

#include <optional>
#include <string>

namespace iouslab::test {

/// Every figure must agree with scikit-learn's to this absolute difference.
constexpr double referenceTolerance = 1e-9;

/// The reference case of that name, failing the test with scikit-learn's message when it
/// could not be made (for example python3-sklearn missing).
inline const ReferenceCase &requireReference(const std::string &name)
{
    const ReferenceCase &data = referenceCase(QString::fromStdString(name));
    if (!data.reference)
        FAIL("no scikit-learn reference: " << data.reference.error().toStdString());
    return data;
}

/// Checks a figure that may be undefined against scikit-learn's value: defined figures must
/// agree; an undefined one is accepted only where scikit-learn's denominator was zero too
/// (it then reports 0).
inline void checkFigure(const char *what, const std::optional<double> &ours, double reference,
                        bool referenceDenominatorZero = false)
{
    INFO(what);
    if (referenceDenominatorZero) {
        CHECK_FALSE(ours.has_value());
        return;
    }
    REQUIRE(ours.has_value());
    CHECK_THAT(*ours, Catch::Matchers::WithinAbs(reference, referenceTolerance));
}

} // namespace iouslab::test
