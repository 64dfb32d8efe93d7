#include "core/logging.h"

Q_LOGGING_CATEGORY(lcCore, "iouslab.core", QtWarningMsg)
Q_LOGGING_CATEGORY(lcCatalogue, "iouslab.catalogue", QtWarningMsg)
Q_LOGGING_CATEGORY(lcIo, "iouslab.io", QtWarningMsg)
Q_LOGGING_CATEGORY(lcEval, "iouslab.eval", QtWarningMsg)
Q_LOGGING_CATEGORY(lcMl, "iouslab.ml", QtWarningMsg)
Q_LOGGING_CATEGORY(lcSim, "iouslab.sim", QtWarningMsg)
Q_LOGGING_CATEGORY(lcApp, "iouslab.app", QtWarningMsg)
Q_LOGGING_CATEGORY(lcCli, "iouslab.cli", QtWarningMsg)
Q_LOGGING_CATEGORY(lcUi, "iouslab.ui", QtWarningMsg)
