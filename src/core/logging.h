#pragma once

#include <QLoggingCategory>

// One logging category per layer. Each shows warnings by default and hides info and debug;
// QT_LOGGING_RULES="iouslab.*.debug=true" turns the rest on. No log line may carry a patient
// identifier: log pseudonyms and catalogue ids only.
Q_DECLARE_LOGGING_CATEGORY(lcCore)
Q_DECLARE_LOGGING_CATEGORY(lcCatalogue)
Q_DECLARE_LOGGING_CATEGORY(lcIo)
Q_DECLARE_LOGGING_CATEGORY(lcEval)
Q_DECLARE_LOGGING_CATEGORY(lcMl)
Q_DECLARE_LOGGING_CATEGORY(lcSim)
Q_DECLARE_LOGGING_CATEGORY(lcApp)
Q_DECLARE_LOGGING_CATEGORY(lcCli)
Q_DECLARE_LOGGING_CATEGORY(lcUi)
