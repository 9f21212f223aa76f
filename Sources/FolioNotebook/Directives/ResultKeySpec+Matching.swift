extension ResultKeySpec {
    /// The result paths this spec documents, one list of components per path, each
    /// component a set of alternatives (`f1|roc_auc`); a component with a capital letter
    /// (`MODEL`, `NAME`, `N`, `A_vs_B`) stands for any key.
    ///
    /// The spec's shorthand: `a.b, c` and `a.b, .c` both document `a.b` and `a.c` (a
    /// second path without a dot, or starting with one, replaces the last component);
    /// `a.b, x.y` documents two whole paths.
    var paths: [[[String]]] {
        var out: [[[String]]] = []
        for (i, part) in path.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }).enumerated() where !part.isEmpty {
            var components = part.split(separator: ".", omittingEmptySubsequences: true).map { $0.split(separator: "|").map(String.init) }
            if i > 0, let first = out.first, part.hasPrefix(".") || !part.contains(".") {
                components = Array(first.dropLast()) + components
            }
            out.append(components)
        }
        return out
    }

    /// Whether `keys` (a reference's path after the block id) can name a value of a
    /// result this spec documents: every component the spec names matches; deeper
    /// components than the spec documents are not checked.
    func documents(_ keys: some Collection<String>) -> Bool {
        paths.contains { spec in
            zip(spec, keys).allSatisfy { alternatives, key in
                alternatives.contains(key) || alternatives.contains { $0.contains(where: \.isUppercase) }
            }
        }
    }

    /// The documented top-level keys of `specs` (placeholders as written), for messages.
    static func topLevelKeys(_ specs: [ResultKeySpec]) -> [String] {
        var seen = Set<String>()
        return specs.flatMap { $0.paths.compactMap(\.first).flatMap { $0 } }.filter { seen.insert($0).inserted }
    }
}
