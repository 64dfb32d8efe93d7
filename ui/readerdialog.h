#pragma once

#include "catalogue/catalogue.h"

#include <QDialog>

#include <memory>

namespace Ui {
class ReaderDialog;
}

namespace iouslab {

/// At start: the person picks their reader or creates one (name and role). The choice is
/// remembered in QSettings and offered first next time.
class ReaderDialog : public QDialog
{
    Q_OBJECT

public:
    /// catalogue (the GUI thread's connection) must outlive the dialog.
    explicit ReaderDialog(Catalogue &catalogue, QWidget *parent = nullptr);
    ~ReaderDialog() override;

    /// The reader chosen or created once the dialog was accepted.
    std::optional<ReaderRecord> reader() const { return m_reader; }

    /// The reader remembered from last time, if it is still in the catalogue.
    static std::optional<ReaderRecord> rememberedReader(Catalogue &catalogue);
    static void remember(const ReaderRecord &reader);

    void accept() override;

private:
    std::unique_ptr<Ui::ReaderDialog> m_ui;
    Catalogue &m_catalogue; // not owned
    QList<ReaderRecord> m_readers;
    std::optional<ReaderRecord> m_reader;
};

} // namespace iouslab
