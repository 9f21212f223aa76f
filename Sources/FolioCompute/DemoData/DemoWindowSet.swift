/// Windows over the feature table: for each scored row, the `length` consecutive rows of
/// its symbol in time order that end at it (the rows of the table, whatever their bar
/// stride), as the scoring engine builds them.
///
/// A row gets no window when its symbol has fewer than `length` rows up to and including
/// it (history may come from earlier splits), or when any feature of any row of its window
/// is missing (NaN): the engine gives such a row no score, so the demo neither trains on,
/// scores nor counts it in metrics.
public struct DemoWindowSet: Hashable, Sendable {
    /// Rows per window, `T`.
    public var length: Int
    /// The scored (last) table row of each window, ascending.
    public var tableRows: [Int]
    /// The table rows of each window, oldest first: `rows[n * length + t]`.
    public var rows: [Int32]
    /// Requested rows that got no window because their symbol has fewer than `length` rows
    /// of history.
    public var shortHistory: [Int]
    /// Requested rows that got no window because a feature in their window is missing.
    public var missingFeature: [Int]

    /// The number of windows.
    public var count: Int { tableRows.count }

    /// The windows ending at `requested` rows (ascending table indices) of `table`.
    ///
    /// - Complexity: O(table.count + requested.count * length * dimension).
    public init(table: DemoFeatureTable, length: Int, requested: [Int]) {
        precondition(length >= 1, "window length")
        self.length = length
        let d = table.dimension
        // Each row's position within its symbol's rows, and the symbols' row lists.
        var bySymbol = [[Int32]](repeating: [], count: table.symbols.count)
        var position = [Int32](repeating: 0, count: table.count)
        var rowHasNaN = [Bool](repeating: false, count: table.count)
        for i in 0..<table.count {
            let s = Int(table.symbolIndex[i])
            position[i] = Int32(bySymbol[s].count)
            bySymbol[s].append(Int32(i))
            for j in 0..<d where !table.features[i * d + j].isFinite {
                rowHasNaN[i] = true
                break
            }
        }
        var tableRows: [Int] = []
        var rows: [Int32] = []
        var short: [Int] = []
        var missing: [Int] = []
        tableRows.reserveCapacity(requested.count)
        rows.reserveCapacity(requested.count * length)
        for i in requested {
            let p = Int(position[i])
            guard p + 1 >= length else {
                short.append(i)
                continue
            }
            let list = bySymbol[Int(table.symbolIndex[i])]
            let window = list[(p + 1 - length)...p]
            if window.contains(where: { rowHasNaN[Int($0)] }) {
                missing.append(i)
                continue
            }
            tableRows.append(i)
            rows.append(contentsOf: window)
        }
        self.tableRows = tableRows
        self.rows = rows
        self.shortHistory = short
        self.missingFeature = missing
    }

    /// The windows `indices` of this set (in the given order).
    func subset(_ indices: [Int]) -> DemoWindowSet {
        var copy = self
        copy.tableRows = indices.map { tableRows[$0] }
        copy.rows = []
        copy.rows.reserveCapacity(indices.count * length)
        for n in indices { copy.rows.append(contentsOf: rows[(n * length)..<((n + 1) * length)]) }
        copy.shortHistory = []
        copy.missingFeature = []
        return copy
    }
}
