"""The simple baseline of bench_quality: logistic regression on intensity histograms.

Reads a CSV of labelled frames (frame_id, patient, fold, label, then the histogram's bins)
written by bench_quality with the CNN's folds, and for each fold fits scikit-learn's logistic
regression on the other folds' frames (standardised bins, class-balanced), scores the fold's
frames, and chooses the threshold that reaches the target sensitivity on the training patients'
own patient-grouped out-of-fold scores, as the CNN chooses its threshold on patients it did not
train on. Writes frame_id,fold,probability rows and one threshold,fold,value row per fold.

Usage: histogram_baseline.py IN.csv OUT.csv [TARGET_SENSITIVITY]
"""
import csv
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def classifier():
    return make_pipeline(StandardScaler(),
                         LogisticRegression(max_iter=5000, class_weight="balanced"))


def threshold_for_sensitivity(scores, labels, target):
    """The highest threshold whose sensitivity (score >= threshold) reaches target."""
    lesion = np.sort(scores[labels == 1])[::-1]
    if lesion.size == 0:
        return 0.5
    needed = int(np.ceil(target * lesion.size - 1e-9))
    return float(lesion[max(needed, 1) - 1])


def main():
    source, target_path = sys.argv[1], sys.argv[2]
    target = float(sys.argv[3]) if len(sys.argv) > 3 else 0.99
    with open(source, newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    ids = np.array([int(r[0]) for r in rows])
    patients = np.array([int(r[1]) for r in rows])
    folds = np.array([int(r[2]) for r in rows])
    labels = np.array([int(r[3]) for r in rows])
    bins = np.array([[float(v) for v in r[4:]] for r in rows])

    with open(target_path, "w", newline="") as handle:
        out = csv.writer(handle)
        for fold in sorted(set(folds)):
            train, test = folds != fold, folds == fold
            groups = len(set(patients[train]))
            inner = cross_val_predict(classifier(), bins[train], labels[train],
                                      groups=patients[train], cv=GroupKFold(min(4, groups)),
                                      method="predict_proba")[:, 1]
            model = classifier().fit(bins[train], labels[train])
            for frame, p in zip(ids[test], model.predict_proba(bins[test])[:, 1]):
                out.writerow([frame, fold, repr(float(p))])
            out.writerow(["threshold", fold,
                          repr(threshold_for_sensitivity(inner, labels[train], target))])


if __name__ == "__main__":
    main()
