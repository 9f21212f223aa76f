extension Column {
    /// Cells that are missing: NaN numbers, empty text (code -1), missing times.
    ///
    /// - Complexity: O(n).
    public var missingCount: Int {
        switch self {
        case .number(let values): return values.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
        case .text(let text): return text.codes.reduce(0) { $0 + ($1 < 0 ? 1 : 0) }
        case .timestamp(let values): return values.reduce(0) { $0 + ($1 == Column.missingTime ? 1 : 0) }
        }
    }
}
