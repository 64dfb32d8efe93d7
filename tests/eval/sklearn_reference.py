#!/usr/bin/python3
"""Prints scikit-learn's (and numpy's) figures for a CSV of scored frames as JSON, for the eval
tests to compare the C++ metrics against.

Usage: sklearn_reference.py FRAMES.csv THRESHOLDS TARGETS
  FRAMES.csv  header "score,score2,label,patient", one frame a line
  THRESHOLDS  comma-separated thresholds for the figures at a threshold (score >= t is positive)
  TARGETS     comma-separated target sensitivities for operating points

Exits with status 3 and a message on stderr when numpy or scikit-learn cannot be imported.
"""
import json
import math
import sys

try:
    import numpy as np
    import sklearn
    from sklearn import metrics
    from sklearn.calibration import calibration_curve
except ImportError as error:
    sys.stderr.write(
        f"scikit-learn is not available to {sys.executable} ({error}); "
        "install the Debian package python3-sklearn\n"
    )
    sys.exit(3)

CALIBRATION_BINS = [1, 5, 10, 13]


def floats(values):
    return [float(v) for v in values]


def at_threshold(y, s, t):
    predicted = (s >= t).astype(int)
    tn, fp, fn, tp = metrics.confusion_matrix(y, predicted, labels=[0, 1]).ravel()
    return {
        "threshold": t,
        "tn": int(tn), "fp": int(fp), "fn": int(fn), "tp": int(tp),
        "accuracy": metrics.accuracy_score(y, predicted),
        "sensitivity": metrics.recall_score(y, predicted),
        "specificity": metrics.recall_score(y, predicted, pos_label=0),
        "ppv": metrics.precision_score(y, predicted),
        "npv": metrics.precision_score(y, predicted, pos_label=0),
        "f1": metrics.f1_score(y, predicted),
        "balanced_accuracy": metrics.balanced_accuracy_score(y, predicted),
    }


def roc(y, s, drop):
    fpr, tpr, thresholds = metrics.roc_curve(y, s, drop_intermediate=drop)
    # The first threshold is sklearn's own marker (max + 1, or inf from 1.3), not a score.
    return {"fpr": floats(fpr), "tpr": floats(tpr), "thresholds": floats(thresholds[1:])}


def operating_point(y, s, target):
    # The highest threshold whose sensitivity reaches the target: roc_curve lists thresholds
    # from the highest down, so it is the first point with tpr >= target.
    fpr, tpr, thresholds = metrics.roc_curve(y, s, drop_intermediate=False)
    index = int(np.argmax(tpr >= target))
    return {"target": target, "threshold": float(thresholds[index]),
            "sensitivity": float(tpr[index]), "specificity": float(1.0 - fpr[index])}


def placements(y, s):
    # DeLong's placement values by brute force over all (lesion, normal) pairs: an independent
    # check of the O(n log n) midrank formulation.
    lesion = s[y == 1]
    normal = s[y == 0]
    psi = (lesion[:, None] > normal[None, :]) + 0.5 * (lesion[:, None] == normal[None, :])
    return psi.mean(axis=1), psi.mean(axis=0)


def delong(y, s, s2):
    v10, v01 = placements(y, s)
    w10, w01 = placements(y, s2)
    m, n = len(v10), len(v01)
    var1 = v10.var(ddof=1) / m + v01.var(ddof=1) / n
    var2 = w10.var(ddof=1) / m + w01.var(ddof=1) / n
    cov = np.cov(v10, w10)[0, 1] / m + np.cov(v01, w01)[0, 1] / n
    difference = v10.mean() - w10.mean()
    variance = var1 + var2 - 2 * cov
    z = difference / math.sqrt(variance)
    return {"auc": float(v10.mean()), "variance": float(var1),
            "auc2": float(w10.mean()), "variance2": float(var2),
            "covariance": float(cov), "difference_variance": float(variance),
            "z": float(z), "p_value": float(math.erfc(abs(z) / math.sqrt(2.0)))}


def main():
    path, thresholds, targets = sys.argv[1], sys.argv[2], sys.argv[3]
    data = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    s, s2, y, patient = data[:, 0], data[:, 1], data[:, 2].astype(int), data[:, 3].astype(int)

    result = {
        "sklearn_version": sklearn.__version__,
        "roc_auc": metrics.roc_auc_score(y, s),
        "roc_auc2": metrics.roc_auc_score(y, s2),
        "roc_all": roc(y, s, False),
        "roc_dropped": roc(y, s, True),
        "brier": metrics.brier_score_loss(y, s),
        "at_threshold": [at_threshold(y, s, float(t)) for t in thresholds.split(",")],
        "operating_points": [operating_point(y, s, float(t)) for t in targets.split(",")],
        "delong": delong(y, s, s2),
        "calibration": [],
        "patients": [],
    }
    for bins in CALIBRATION_BINS:
        for strategy in ("uniform", "quantile"):
            fraction, mean = calibration_curve(y, s, n_bins=bins, strategy=strategy)
            result["calibration"].append({"bins": bins, "strategy": strategy,
                                          "lesion_fraction": floats(fraction),
                                          "mean_score": floats(mean)})
    first_threshold = float(thresholds.split(",")[0])
    for p in np.unique(patient):
        own = patient == p
        both = len(np.unique(y[own])) == 2
        result["patients"].append({
            "patient": int(p),
            "auc": metrics.roc_auc_score(y[own], s[own]) if both else None,
            "flagged_lesions": int(np.sum((s[own] >= first_threshold) & (y[own] == 1))),
        })
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
