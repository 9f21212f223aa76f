/// "Did you mean" suggestions: the closest name by edit (Levenshtein) distance.
public enum NameSuggestion {
    /// The name in `candidates` closest to `name`, or `nil` when none is close.
    ///
    /// A candidate is close when it equals `name` ignoring case, or when its edit distance
    /// (`editDistance`, on Unicode scalars, case-insensitive) is at most
    /// `max(1, name.count / 3)`.
    /// Among equally close candidates the first one wins, so the answer is deterministic.
    ///
    /// - Complexity: O(candidates × |name| × |candidate|).
    public static func closest(to name: String, among candidates: [String]) -> String? {
        let target = Array(name.lowercased().unicodeScalars)
        let limit = max(1, target.count / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let scalars = Array(candidate.lowercased().unicodeScalars)
            if abs(scalars.count - target.count) > limit { continue }
            let distance = editDistance(target, scalars)
            if distance <= limit, distance < (best?.distance ?? .max) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// The edit distance between two sequences: the fewest insertions, deletions,
    /// substitutions and transpositions of adjacent elements that turn one into the other
    /// (Levenshtein distance extended with transpositions, the "optimal string alignment"
    /// variant), so that `lable` is one edit from `label`.
    ///
    /// - Complexity: O(|a| × |b|) time, O(|b|) memory.
    public static func editDistance<Element: Equatable>(_ a: [Element], _ b: [Element]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var best = min(previous[j - 1] + cost, previous[j] + 1, current[j - 1] + 1)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = min(best, beforePrevious[j - 2] + 1)
                }
                current[j] = best
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }

    /// `names` quoted and comma-separated, at most `limit` of them, then "and N more".
    static func list(_ names: [String], limit: Int = 40) -> String {
        let shown = names.prefix(limit).map { "\"\($0)\"" }.joined(separator: ", ")
        return names.count > limit ? shown + ", and \(names.count - limit) more" : shown
    }
}
