/// Enough decimals for a column of figures that differ to print differently.
///
/// Two models at −30.12% and −30.14% both print as `−30.1%` with one decimal and look like
/// a copy error. `decimals(for:base:limit:format:)` widens a column's decimals from `base`,
/// one at a time up to `limit`, until every pair of different finite values prints
/// differently; values that are exactly equal print the same at any width, and
/// `coinciding(_:)` finds them so that a table can say so.
public enum DistinctDecimals {
    /// Decimals added to a column at most.
    public static let maximumExtra = 3

    /// The fewest decimals in `base...limit` at which distinct finite values of `values`
    /// print distinctly with `format(value, decimals)`; `limit` when even that is not
    /// enough.
    ///
    /// - Parameters:
    ///   - values: one column's figures (NaN and infinities are ignored).
    ///   - base: the column's usual decimals.
    ///   - limit: the most decimals to use (default `base + maximumExtra`).
    ///   - format: the column's formatting of a value at a number of decimals.
    /// - Complexity: O(n log n) per width tried.
    public static func decimals(for values: [Double], base: Int, limit: Int? = nil,
                                format: (Double, Int) -> String) -> Int {
        let distinct = Array(Set(values.filter(\.isFinite).map { $0 == 0 ? 0 : $0 }))  // -0 and 0 are one value
        guard distinct.count > 1 else { return base }
        let top = max(base, limit ?? base + maximumExtra)
        for d in base...top where Set(distinct.map { format($0, d) }).count == distinct.count {
            return d
        }
        return top
    }

    /// Groups of indices whose values are exactly equal (and finite), each group with at
    /// least two members, in order of first appearance.
    ///
    /// - Complexity: O(n²) for n values (tables are small).
    public static func coinciding(_ values: [Double]) -> [[Int]] {
        var groups: [[Int]] = []
        var seen = Set<Int>()
        for i in values.indices where values[i].isFinite && !seen.contains(i) {
            let group = values.indices.filter { $0 >= i && values[$0] == values[i] }
            if group.count > 1 {
                groups.append(group)
                seen.formUnion(group)
            }
        }
        return groups
    }
}
