/// A dictionary-encoded text column: each row holds a code into `levels`, or `-1` for an
/// empty cell.
///
/// The CSV reader lists levels in order of first appearance in the file, so the encoding
/// is deterministic (and the same whether the file was parsed in parallel or not).
public struct TextColumn: Sendable, Hashable {
    /// One code per row: an index into `levels`, or `-1` for an empty cell.
    public var codes: [Int32]
    /// The distinct values.
    public var levels: [String]

    /// Creates a column from codes and levels.
    public init(codes: [Int32], levels: [String]) {
        self.codes = codes
        self.levels = levels
    }

    /// Encodes `values` (`nil` for an empty cell), levels in order of first appearance.
    ///
    /// - Complexity: O(n) expected.
    public init(_ values: [String?]) {
        var index: [String: Int32] = [:]
        var levels: [String] = []
        var codes: [Int32] = []
        codes.reserveCapacity(values.count)
        for value in values {
            guard let value, !value.isEmpty else { codes.append(-1); continue }
            if let code = index[value] {
                codes.append(code)
            } else {
                let code = Int32(levels.count)
                index[value] = code
                levels.append(value)
                codes.append(code)
            }
        }
        self.codes = codes
        self.levels = levels
    }

    /// The number of rows.
    public var count: Int { codes.count }

    /// The value of row `row`, or `nil` when the cell is empty.
    ///
    /// - Precondition: `row` is in `0..<count`.
    public subscript(row: Int) -> String? {
        let code = codes[row]
        return code < 0 ? nil : levels[Int(code)]
    }

    /// The code of `level`, or `nil` when no row holds it.
    ///
    /// - Complexity: O(levels.count).
    public func code(of level: String) -> Int32? {
        levels.firstIndex(of: level).map { Int32($0) }
    }

    /// Every row's value (`nil` for empty cells).
    public var values: [String?] { codes.map { $0 < 0 ? nil : levels[Int($0)] } }
}
