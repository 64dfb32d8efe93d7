#pragma once

#include <QString>

#include <optional>

namespace iouslab {

/// The role of a reader, the person who labels. A project lead sees every reader's labels and
/// adjudicates; the others are blinded to each other by default.
enum class ReaderRole
{
    Radiologist,
    Surgeon,
    ProjectLead,
};

/// "radiologist", "surgeon" or "project_lead".
QString readerRoleName(ReaderRole role);

/// Parses the catalogue spelling; "project-lead" and "lead" are accepted for project_lead.
std::optional<ReaderRole> parseReaderRole(const QString &text);

} // namespace iouslab
