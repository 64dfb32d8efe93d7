#include "ui/cataloguetreemodel.h"

#include <QFileInfo>
#include <QLocale>

namespace iouslab {

CatalogueTreeModel::CatalogueTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

CatalogueTreeModel::~CatalogueTreeModel() = default;

void CatalogueTreeModel::setSnapshot(const ReviewSnapshot &snapshot,
                                     const QHash<ClipId, LabelCounts> &counts)
{
    beginResetModel();
    m_root.children.clear();
    m_clips.clear();
    QHash<PatientId, Node *> patients;
    QHash<StudyId, Node *> studies;
    const auto addChild = [](Node *parent, NodeKind kind, const QString &name) {
        auto node = std::make_unique<Node>();
        node->kind = kind;
        node->parent = parent;
        node->row = int(parent->children.size());
        node->name = name;
        parent->children.push_back(std::move(node));
        return parent->children.back().get();
    };

    for (const ReviewClip &clip : snapshot.clips) {
        Node *&patient = patients[clip.patientId];
        if (!patient)
            patient = addChild(&m_root, NodeKind::Patient, clip.pseudonym);
        Node *&study = studies[clip.studyId];
        if (!study) {
            const QString name = clip.studyDescription.isEmpty()
                                     ? tr("Study %1").arg(patient->children.size() + 1)
                                     : clip.studyDescription;
            study = addChild(patient, NodeKind::Study, name);
        }
        Node *node = addChild(study, NodeKind::Clip, QFileInfo(clip.sourcePath).fileName());
        node->clip = clip;
        node->counts = counts.value(clip.clipId);
        node->counts.frames = clip.frameCount;
        study->counts += node->counts;
        patient->counts += node->counts;
        m_clips.insert(clip.clipId, node);
    }
    endResetModel();
}

void CatalogueTreeModel::setClipCounts(ClipId clip, const LabelCounts &counts)
{
    Node *node = m_clips.value(clip);
    if (!node)
        return;
    LabelCounts updated = counts;
    updated.frames = node->clip.frameCount;
    if (updated == node->counts)
        return;

    LabelCounts delta = updated;
    delta.frames = 0;
    delta.labelled -= node->counts.labelled;
    delta.lesion -= node->counts.lesion;
    delta.disagreements -= node->counts.disagreements;
    node->counts = updated;
    emit dataChanged(indexOf(node, 0), indexOf(node, ColumnCount - 1));
    for (Node *parent = node->parent; parent && parent != &m_root; parent = parent->parent) {
        parent->counts += delta;
        emit dataChanged(indexOf(parent, 0), indexOf(parent, ColumnCount - 1));
    }
}

QModelIndex CatalogueTreeModel::indexOfClip(ClipId clip) const
{
    const Node *node = m_clips.value(clip);
    return node ? indexOf(node) : QModelIndex();
}

std::optional<ReviewClip> CatalogueTreeModel::clipAt(const QModelIndex &index) const
{
    const Node *node = nodeAt(index);
    if (!node || node->kind != NodeKind::Clip)
        return std::nullopt;
    return node->clip;
}

QList<ReviewClip> CatalogueTreeModel::clips() const
{
    QList<ReviewClip> result;
    for (const auto &patient : m_root.children) {
        for (const auto &study : patient->children) {
            for (const auto &clip : study->children)
                result << clip->clip;
        }
    }
    return result;
}

LabelCounts CatalogueTreeModel::countsAt(const QModelIndex &index) const
{
    const Node *node = nodeAt(index);
    return node ? node->counts : LabelCounts{};
}

CatalogueTreeModel::Node *CatalogueTreeModel::nodeAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    return static_cast<Node *>(index.internalPointer());
}

QModelIndex CatalogueTreeModel::indexOf(const Node *node, int column) const
{
    if (!node || node == &m_root)
        return {};
    return createIndex(node->row, column, const_cast<Node *>(node));
}

QModelIndex CatalogueTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    const Node *parentNode = parent.isValid() ? nodeAt(parent) : &m_root;
    if (!parentNode || row < 0 || row >= int(parentNode->children.size()) || column < 0 ||
        column >= ColumnCount)
        return {};
    return createIndex(row, column, parentNode->children.at(row).get());
}

QModelIndex CatalogueTreeModel::parent(const QModelIndex &child) const
{
    const Node *node = nodeAt(child);
    if (!node || !node->parent || node->parent == &m_root)
        return {};
    return indexOf(node->parent);
}

int CatalogueTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    const Node *node = parent.isValid() ? nodeAt(parent) : &m_root;
    return node ? int(node->children.size()) : 0;
}

int CatalogueTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant CatalogueTreeModel::data(const QModelIndex &index, int role) const
{
    const Node *node = nodeAt(index);
    if (!node)
        return {};
    const LabelCounts &counts = node->counts;
    switch (role) {
    case Qt::DisplayRole: {
        const QLocale locale;
        switch (index.column()) {
        case NameColumn:
            return node->name;
        case FramesColumn:
            return locale.toString(counts.frames);
        case LabelledColumn:
            return counts.frames > 0 ? tr("%1 %").arg(100 * counts.labelled / counts.frames)
                                     : QStringLiteral("–");
        case LesionColumn:
            return locale.toString(counts.lesion);
        case DisagreementsColumn:
            return locale.toString(counts.disagreements);
        }
        return {};
    }
    case Qt::ToolTipRole:
        return tr("%1: %2 of %3 frames labelled, %4 lesion, %5 disagreements")
            .arg(node->name)
            .arg(counts.labelled)
            .arg(counts.frames)
            .arg(counts.lesion)
            .arg(counts.disagreements);
    case Qt::TextAlignmentRole:
        return index.column() == NameColumn ? QVariant()
                                            : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case KindRole:
        return int(node->kind);
    case ClipIdRole:
        return node->kind == NodeKind::Clip ? node->clip.clipId : 0;
    case FramesRole:
        return counts.frames;
    case LabelledRole:
        return counts.labelled;
    case LesionRole:
        return counts.lesion;
    case DisagreementsRole:
        return counts.disagreements;
    }
    return {};
}

QVariant CatalogueTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Patient / study / clip");
    case FramesColumn:
        return tr("Frames");
    case LabelledColumn:
        return tr("Labelled");
    case LesionColumn:
        return tr("Lesion");
    case DisagreementsColumn:
        return tr("Disagree");
    }
    return {};
}

CatalogueFilterModel::CatalogueFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setRecursiveFilteringEnabled(true);
}

void CatalogueFilterModel::setFilter(Filter filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    invalidateFilter();
}

bool CatalogueFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_filter == Filter::All)
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    // Studies and patients stay through recursive filtering when a clip of theirs does.
    if (index.data(CatalogueTreeModel::KindRole).toInt() != int(CatalogueTreeModel::NodeKind::Clip))
        return false;
    switch (m_filter) {
    case Filter::All:
        return true;
    case Filter::Unlabelled:
        return index.data(CatalogueTreeModel::LabelledRole).toLongLong() <
               index.data(CatalogueTreeModel::FramesRole).toLongLong();
    case Filter::Disagreements:
        return index.data(CatalogueTreeModel::DisagreementsRole).toLongLong() > 0;
    case Filter::Lesion:
        return index.data(CatalogueTreeModel::LesionRole).toLongLong() > 0;
    }
    return true;
}

} // namespace iouslab
