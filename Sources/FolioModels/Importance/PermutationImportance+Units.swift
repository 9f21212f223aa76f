import FolioCompute

extension PermutationImportance {
    /// The units permuted: each group, at the place of its first member, and every feature
    /// in no group, in the model's feature order.
    static func units(features: [String], groups: [FeatureGroup]) throws(ImportanceError)
        -> [(name: String, columns: [Int])]
    {
        var index: [String: Int] = [:]
        for (k, name) in features.enumerated() { index[name] = k }
        var groupOf: [Int: Int] = [:]  // feature column -> group
        var groupNames = Set<String>()
        for (g, group) in groups.enumerated() {
            guard !group.features.isEmpty else {
                throw ImportanceError(.invalidGroup, "group \"\(group.name)\" lists no features")
            }
            guard groupNames.insert(group.name).inserted else {
                throw ImportanceError(.invalidGroup, "two groups are named \"\(group.name)\"")
            }
            for name in group.features {
                guard let k = index[name] else {
                    let suggestion = NameSuggestion.closest(to: name, among: features).map { " (did you mean \"\($0)\"?)" } ?? ""
                    throw ImportanceError(
                        .unknownFeature,
                        "group \"\(group.name)\" names \"\(name)\", which is not a feature of the model\(suggestion); "
                            + "its features are \(features.joined(separator: ", "))")
                }
                if let other = groupOf[k] {
                    throw ImportanceError(
                        .invalidGroup,
                        other == g
                            ? "group \"\(group.name)\" lists \"\(name)\" twice"
                            : "feature \"\(name)\" is in two groups, \"\(groups[other].name)\" and \"\(group.name)\"; "
                                + "a feature is permuted with one group at most")
                }
                groupOf[k] = g
            }
        }
        for group in groups {
            if let k = index[group.name], groupOf[k].map({ groups[$0].name }) != group.name {
                throw ImportanceError(
                    .invalidGroup,
                    "group \"\(group.name)\" has the name of a feature outside it; name the group differently")
            }
        }
        var units: [(name: String, columns: [Int])] = []
        var emitted = Set<Int>()
        for k in features.indices {
            if let g = groupOf[k] {
                guard emitted.insert(g).inserted else { continue }
                units.append((groups[g].name, groups[g].features.map { index[$0]! }))
            } else {
                units.append((features[k], [k]))
            }
        }
        return units
    }

    /// Throws for a group member that is not a model feature (found by `init`):
    /// `unusedFeature` when `frame` has such a column, `unknownFeature` otherwise.
    func checkGroups(against frame: DataFrame) throws(ImportanceError) {
        guard let (group, name) = foreignMember else { return }
        if frame.column(name) != nil {
            throw ImportanceError(
                .unusedFeature,
                "group \"\(group)\" names \"\(name)\", a column of the data that the model does not use; "
                    + "its features are \(scorer.features.joined(separator: ", "))")
        }
        let suggestion = NameSuggestion.closest(to: name, among: scorer.features).map { " (did you mean \"\($0)\"?)" } ?? ""
        throw ImportanceError(
            .unknownFeature,
            "group \"\(group)\" names \"\(name)\", which is neither a feature of the model nor a column of the data\(suggestion); "
                + "the model's features are \(scorer.features.joined(separator: ", "))")
    }
}
