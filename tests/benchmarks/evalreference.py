#!/usr/bin/python3
"""The figures bench_eval times, computed the way a user would without iouslab: scikit-learn
for AUC, figures at a threshold and the ROC-based operating point, numpy for DeLong (the
O(n log n) midrank form) and for the patient bootstrap. Prints seconds and figures as JSON.

Usage: evalreference.py DIR RESAMPLES
  DIR holds dashboard_{scores.f64,labels.i32} and, for each bootstrap set NAME listed in
  DIR/bootstrap_sets.txt, NAME_{scores.f64,labels.i32,patients.i64} (raw little-endian arrays).
"""
import json
import math
import os
import sys
import time

try:
    import numpy as np
    from sklearn import calibration, metrics
except ImportError as error:
    sys.stderr.write(f"scikit-learn is not available to {sys.executable} ({error}); "
                     "install the Debian package python3-sklearn\n")
    sys.exit(3)

Z95 = 1.959963984540054
REPEATS = 3


def load(folder, name):
    scores = np.fromfile(os.path.join(folder, name + "_scores.f64"), dtype="<f8")
    labels = np.fromfile(os.path.join(folder, name + "_labels.i32"), dtype="<i4")
    patients_path = os.path.join(folder, name + "_patients.i64")
    patients = np.fromfile(patients_path, dtype="<i8") if os.path.exists(patients_path) else None
    return scores, labels, patients


def midranks(values):
    order = np.argsort(values, kind="mergesort")
    ordered = values[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], len(ordered)]
    ranks = np.empty(len(values))
    ranks[order] = np.repeat((starts + ends + 1) / 2.0, ends - starts)
    return ranks


def delong(labels, scores):
    lesion = scores[labels == 1]
    normal = scores[labels == 0]
    m, n = len(lesion), len(normal)
    tz = midranks(np.concatenate([lesion, normal]))
    v10 = (tz[:m] - midranks(lesion)) / n
    v01 = 1.0 - (tz[m:] - midranks(normal)) / m
    auc = (tz[:m].sum() - m * (m + 1) / 2.0) / (m * n)
    variance = v10.var(ddof=1) / m + v01.var(ddof=1) / n
    se = math.sqrt(variance)
    return auc, max(0.0, auc - Z95 * se), min(1.0, auc + Z95 * se)


def dashboard(labels, scores):
    auc = metrics.roc_auc_score(labels, scores)
    _, lower, upper = delong(labels, scores)

    predicted = (scores >= 0.5).astype(int)
    tn, fp, fn, tp = metrics.confusion_matrix(labels, predicted, labels=[0, 1]).ravel()
    figures = {
        "accuracy": metrics.accuracy_score(labels, predicted),
        "sensitivity": metrics.recall_score(labels, predicted),
        "specificity": metrics.recall_score(labels, predicted, pos_label=0),
        "ppv": metrics.precision_score(labels, predicted),
        "npv": metrics.precision_score(labels, predicted, pos_label=0),
        "f1": metrics.f1_score(labels, predicted),
        "balanced_accuracy": metrics.balanced_accuracy_score(labels, predicted),
    }

    half = len(scores) // 2
    fpr, tpr, thresholds = metrics.roc_curve(labels[:half], scores[:half],
                                             drop_intermediate=False)
    threshold = thresholds[int(np.argmax(tpr >= 0.99))]
    test = (scores[half:] >= threshold).astype(int)
    test_specificity = metrics.recall_score(labels[half:], test, pos_label=0)
    return {"auc": auc, "delong_lower": lower, "delong_upper": upper,
            "operating_threshold": float(threshold), "test_specificity": test_specificity,
            **figures}


def full_dashboard(labels, scores, patients):
    """What the dashboard screen computes beyond the figures above, minus the patient
    bootstrap (numpy would take minutes on a million frames): per fold (patient id mod 5) the
    AUC, ROC curve and figures at 0.5; per patient the same; the pooled ROC curve, calibration
    curve and Brier score; and 1,000 positions of the operating-point slider."""
    def at(labels, scores, threshold):
        predicted = (scores >= threshold).astype(int)
        return metrics.confusion_matrix(labels, predicted, labels=[0, 1]).ravel()

    fold = patients % 5
    for f in range(5):
        rows = fold == f
        metrics.roc_auc_score(labels[rows], scores[rows])
        metrics.roc_curve(labels[rows], scores[rows])
        at(labels[rows], scores[rows], 0.5)
    for p in np.unique(patients):
        rows = patients == p
        if labels[rows].min() != labels[rows].max():
            metrics.roc_auc_score(labels[rows], scores[rows])
            metrics.roc_curve(labels[rows], scores[rows])
        at(labels[rows], scores[rows], 0.5)
    metrics.roc_curve(labels, scores)
    calibration.calibration_curve(labels, scores, n_bins=10)
    metrics.brier_score_loss(labels, scores)
    # The slider: sorted scores per class, then a binary search per position, as a user of
    # numpy would write it.
    lesion = np.sort(scores[labels == 1])
    normal = np.sort(scores[labels == 0])
    for step in range(1000):
        t = step / 1000.0
        len(lesion) - np.searchsorted(lesion, t, "left")
        len(normal) - np.searchsorted(normal, t, "left")
    return {}


def bootstrap(labels, scores, patients, resamples):
    ids = np.unique(patients)
    frames_of = [np.flatnonzero(patients == p) for p in ids]
    random = np.random.default_rng(20220101)
    values = []
    for _ in range(resamples):
        drawn = random.integers(0, len(ids), len(ids))
        frames = np.concatenate([frames_of[p] for p in drawn])
        if labels[frames].min() != labels[frames].max():
            values.append(metrics.roc_auc_score(labels[frames], scores[frames]))
    lower, upper = np.percentile(values, [2.5, 97.5])
    return {"lower": float(lower), "upper": float(upper)}


def timed(function, *arguments):
    best, result = math.inf, None
    for _ in range(REPEATS):
        start = time.perf_counter()
        result = function(*arguments)
        best = min(best, time.perf_counter() - start)
    return best, result


def main():
    folder, resamples = sys.argv[1], int(sys.argv[2])
    scores, labels, _ = load(folder, "dashboard")
    seconds, figures = timed(dashboard, labels, scores)
    output = {"dashboard": {"seconds": seconds, **figures}, "bootstrap": {}}
    _, _, patients = load(folder, "dashboard")
    seconds, _ = timed(full_dashboard, labels, scores, patients)
    output["full_dashboard"] = {"seconds": seconds}

    with open(os.path.join(folder, "bootstrap_sets.txt")) as names:
        for name in names.read().split():
            scores, labels, patients = load(folder, name)
            start = time.perf_counter()
            interval = bootstrap(labels, scores, patients, resamples)
            output["bootstrap"][name] = {"seconds": time.perf_counter() - start, **interval}
    json.dump(output, sys.stdout)


if __name__ == "__main__":
    main()
