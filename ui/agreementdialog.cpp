#include "ui/agreementdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace iouslab {

namespace {

using Result = Expected<std::pair<AgreementReport, ReviewSnapshot>>;

Result computeAgreement(const QString &cataloguePath)
{
    auto snapshot = loadReviewSnapshot(cataloguePath);
    if (!snapshot)
        return makeError(snapshot.error());
    return std::make_pair(agreementReport(*snapshot), std::move(*snapshot));
}

QString kappaText(const Agreement &agreement)
{
    return agreement.kappa ? QLocale().toString(*agreement.kappa, 'f', 3)
                           : QObject::tr("undefined");
}

} // namespace

AgreementDialog::AgreementDialog(const QString &cataloguePath, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Reader agreement"));
    resize(760, 480);
    auto *layout = new QVBoxLayout(this);
    m_scope = new QComboBox(this);
    m_scope->addItems({tr("Overall"), tr("Per patient"), tr("Per clip")});
    layout->addWidget(m_scope);
    m_table = new QTableWidget(0, 5, this);
    m_table->setHorizontalHeaderLabels(
        {tr("Scope"), tr("Readers"), tr("Kappa"), tr("Agreement %"), tr("Frames")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    layout->addWidget(m_table);
    m_status = new QLabel(tr("Computing…"), this);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_scope, &QComboBox::currentIndexChanged, this, &AgreementDialog::showScopes);

    connect(&m_watcher, &QFutureWatcher<Result>::finished, this, [this] {
        Result result = m_watcher.result();
        if (!result) {
            m_status->setText(result.error());
        } else {
            m_report = std::move(result->first);
            m_snapshot = std::move(result->second);
            m_status->setText(
                tr("Cohen's kappa per pair of readers over the frames both labelled; Fleiss' "
                   "kappa over the frames two or more readers labelled. Categories: normal, "
                   "lesion, ungradable."));
            showScopes();
        }
        emit reportShown();
    });
    m_watcher.setFuture(QtConcurrent::run(computeAgreement, cataloguePath));
}

AgreementDialog::~AgreementDialog()
{
    m_watcher.waitForFinished();
}

void AgreementDialog::showScopes()
{
    QList<AgreementScope> scopes;
    switch (m_scope->currentIndex()) {
    case 0:
        scopes << m_report.overall;
        break;
    case 1:
        scopes = m_report.patients;
        break;
    default:
        scopes = m_report.clips;
        break;
    }

    const QLocale locale;
    m_table->setRowCount(0);
    const auto addRow = [&](const QString &scope, const QString &readers, const Agreement &a) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        const QStringList cells{scope, readers, kappaText(a),
                                a.items ? locale.toString(a.percentAgreement, 'f', 1)
                                        : QStringLiteral("–"),
                                locale.toString(a.items)};
        for (int column = 0; column < cells.size(); ++column)
            m_table->setItem(row, column, new QTableWidgetItem(cells.at(column)));
    };
    for (const AgreementScope &scope : scopes) {
        for (const AgreementScope::Pair &pair : scope.pairs) {
            addRow(scope.name,
                   tr("%1 & %2 (Cohen)")
                       .arg(m_snapshot.readerName(pair.first), m_snapshot.readerName(pair.second)),
                   pair.agreement);
        }
        addRow(scope.name, tr("all readers (Fleiss)"), scope.fleiss);
    }
}

} // namespace iouslab
