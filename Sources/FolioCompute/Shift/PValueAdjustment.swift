/// Multiple-testing adjustment of p-values (one p-value per feature, for example).
public enum PValueAdjustment {
    /// Benjamini-Hochberg adjusted p-values (false discovery rate), as
    /// `scipy.stats.false_discovery_control(p, method='bh')`: sort ascending, multiply
    /// the k-th smallest by `m / k`, take the running minimum from the largest down,
    /// clip to `[0, 1]`, and return in the input order.
    ///
    /// - Throws: `ShiftError.invalidPValue` for NaN or a value outside `[0, 1]` (scipy
    ///   raises too).
    /// - Complexity: O(m log m).
    public static func benjaminiHochberg(_ pValues: [Double]) throws -> [Double] {
        try validate(pValues)
        let m = pValues.count
        guard m > 1 else { return pValues }
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] || (pValues[$0] == pValues[$1] && $0 < $1) }
        var adjusted = order.enumerated().map { k, index in pValues[index] * (Double(m) / Double(k + 1)) }
        for k in stride(from: m - 2, through: 0, by: -1) where adjusted[k + 1] < adjusted[k] {
            adjusted[k] = adjusted[k + 1]
        }
        var result = [Double](repeating: 0, count: m)
        for (k, index) in order.enumerated() { result[index] = Swift.min(Swift.max(adjusted[k], 0), 1) }
        return result
    }

    /// Bonferroni adjusted p-values: `min(1, p m)`.
    ///
    /// - Throws: `ShiftError.invalidPValue` for NaN or a value outside `[0, 1]`.
    /// - Complexity: O(m).
    public static func bonferroni(_ pValues: [Double]) throws -> [Double] {
        try validate(pValues)
        let m = Double(pValues.count)
        return pValues.map { Swift.min(1, $0 * m) }
    }

    static func validate(_ pValues: [Double]) throws {
        if let index = pValues.firstIndex(where: { !($0 >= 0 && $0 <= 1) }) {
            throw ShiftError.invalidPValue(index: index, value: pValues[index])
        }
    }
}
