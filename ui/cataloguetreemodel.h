#pragma once

#include "app/reviewsnapshot.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QSortFilterProxyModel>

#include <memory>
#include <vector>

namespace iouslab {

/// The catalogue as a tree, patient > study > clip, with each node's frame count and label
/// progress as the viewing reader may see them (see LabelCounts). Counts of studies and
/// patients are the sums of their clips'; setClipCounts() updates a clip and its parents and
/// says so through dataChanged.
class CatalogueTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        FramesColumn,
        LabelledColumn,
        LesionColumn,
        DisagreementsColumn,
        ColumnCount
    };

    enum Role
    {
        KindRole = Qt::UserRole + 1, ///< a NodeKind
        ClipIdRole,                  ///< the clip id of a clip node, else 0
        FramesRole,
        LabelledRole,
        LesionRole,
        DisagreementsRole,
        RoleCount
    };

    enum class NodeKind
    {
        Patient,
        Study,
        Clip,
    };

    explicit CatalogueTreeModel(QObject *parent = nullptr);
    ~CatalogueTreeModel() override;

    /// Replaces the tree with snapshot's clips and their counts.
    void setSnapshot(const ReviewSnapshot &snapshot, const QHash<ClipId, LabelCounts> &counts);
    /// New counts for one clip; its study and patient follow.
    void setClipCounts(ClipId clip, const LabelCounts &counts);

    QModelIndex indexOfClip(ClipId clip) const;
    /// The clip of a clip node; nothing for other nodes.
    std::optional<ReviewClip> clipAt(const QModelIndex &index) const;
    /// Every clip in tree order.
    QList<ReviewClip> clips() const;
    LabelCounts countsAt(const QModelIndex &index) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Node
    {
        NodeKind kind = NodeKind::Patient;
        Node *parent = nullptr; // not owned
        int row = 0;
        QString name;
        ReviewClip clip; ///< for clip nodes
        LabelCounts counts;
        std::vector<std::unique_ptr<Node>> children;
    };

    Node *nodeAt(const QModelIndex &index) const;
    QModelIndex indexOf(const Node *node, int column = 0) const;

    Node m_root;
    QHash<ClipId, Node *> m_clips; // nodes owned by the tree under m_root
};

/// Filters the catalogue tree to clips with unlabelled frames, with disagreements or with
/// lesion frames; studies and patients stay while one of their clips does.
class CatalogueFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum class Filter
    {
        All,
        Unlabelled,
        Disagreements,
        Lesion,
    };

    explicit CatalogueFilterModel(QObject *parent = nullptr);
    void setFilter(Filter filter);
    Filter filter() const { return m_filter; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    Filter m_filter = Filter::All;
};

} // namespace iouslab
