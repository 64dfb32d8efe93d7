#include "ui/readerdialog.h"

#include "ui_readerdialog.h"

#include <QSettings>

namespace iouslab {

namespace {

const QString settingsKey = QStringLiteral("labelling/reader");

} // namespace

ReaderDialog::ReaderDialog(Catalogue &catalogue, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ReaderDialog>())
    , m_catalogue(catalogue)
{
    m_ui->setupUi(this);
    auto readers = catalogue.readers();
    if (readers)
        m_readers = *readers;
    else
        m_ui->errorLabel->setText(readers.error());

    m_ui->readerCombo->addItem(tr("New reader…"));
    for (const ReaderRecord &reader : m_readers)
        m_ui->readerCombo->addItem(
            QStringLiteral("%1 (%2)").arg(reader.name, readerRoleName(reader.role)));
    for (ReaderRole role : {ReaderRole::Radiologist, ReaderRole::Surgeon, ReaderRole::ProjectLead})
        m_ui->roleCombo->addItem(readerRoleName(role), int(role));

    const auto updateFields = [this](int row) {
        m_ui->nameEdit->setEnabled(row == 0);
        m_ui->roleCombo->setEnabled(row == 0);
    };
    connect(m_ui->readerCombo, &QComboBox::currentIndexChanged, this, updateFields);
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &ReaderDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &ReaderDialog::reject);

    int selected = 0;
    if (const auto remembered = rememberedReader(catalogue)) {
        for (int i = 0; i < m_readers.size(); ++i) {
            if (m_readers.at(i).id == remembered->id)
                selected = i + 1;
        }
    }
    m_ui->readerCombo->setCurrentIndex(selected);
    updateFields(selected);
}

ReaderDialog::~ReaderDialog() = default;

std::optional<ReaderRecord> ReaderDialog::rememberedReader(Catalogue &catalogue)
{
    const QString name = QSettings().value(settingsKey).toString();
    if (name.isEmpty())
        return std::nullopt;
    auto found = catalogue.findReader(name);
    return found ? *found : std::nullopt;
}

void ReaderDialog::remember(const ReaderRecord &reader)
{
    QSettings().setValue(settingsKey, reader.name);
}

void ReaderDialog::accept()
{
    const int row = m_ui->readerCombo->currentIndex();
    if (row > 0) {
        m_reader = m_readers.at(row - 1);
    } else {
        const QString name = m_ui->nameEdit->text().trimmed();
        if (name.isEmpty()) {
            m_ui->errorLabel->setText(tr("Give the new reader a name."));
            return;
        }
        const auto role = ReaderRole(m_ui->roleCombo->currentData().toInt());
        auto existing = m_catalogue.findReader(name);
        if (existing && *existing) {
            m_ui->errorLabel->setText(
                tr("A reader named \"%1\" exists already: pick it from the list.").arg(name));
            return;
        }
        auto id = m_catalogue.addReader(name, role);
        if (!id) {
            m_ui->errorLabel->setText(id.error());
            return;
        }
        m_reader = ReaderRecord{*id, name, role, Catalogue::nowMs()};
    }
    remember(*m_reader);
    QDialog::accept();
}

} // namespace iouslab
