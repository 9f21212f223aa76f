/// One column of a `DataFrame`.
public enum Column: Sendable {
    /// Numbers; `NaN` for empty or missing cells (`NA`, `null`, ...).
    case number([Double])
    /// Text, dictionary-encoded; code `-1` for an empty cell.
    case text(TextColumn)
    /// Times as whole seconds since 1970-01-01T00:00:00Z; `Column.missingTime`
    /// (`Int64.min`) for an empty cell.
    case timestamp([Int64])

    /// The marker of a missing time in a `.timestamp` column.
    public static let missingTime = Int64.min

    /// The kind of values the column holds.
    public var kind: ColumnKind {
        switch self {
        case .number: .number
        case .text: .text
        case .timestamp: .timestamp
        }
    }

    /// The number of rows.
    public var count: Int {
        switch self {
        case .number(let values): values.count
        case .text(let text): text.codes.count
        case .timestamp(let values): values.count
        }
    }

    /// The rows at `indices`, in that order.
    ///
    /// - Precondition: every index is in `0..<count` (indices come from code, such as a
    ///   sort or a mask, never from user input).
    /// - Complexity: O(indices.count).
    public func gathering(_ indices: [Int]) -> Column {
        switch self {
        case .number(let values): .number(Column.gather(values, indices))
        case .timestamp(let values): .timestamp(Column.gather(values, indices))
        case .text(let text):
            .text(TextColumn(codes: Column.gather(text.codes, indices), levels: text.levels))
        }
    }

    /// The rows where `mask` is true, in order.
    ///
    /// - Precondition: `mask.count == count`.
    /// - Complexity: O(count).
    public func selecting(_ mask: [Bool]) -> Column {
        switch self {
        case .number(let values): .number(Column.select(values, mask))
        case .timestamp(let values): .timestamp(Column.select(values, mask))
        case .text(let text):
            .text(TextColumn(codes: Column.select(text.codes, mask), levels: text.levels))
        }
    }

    static func gather<T>(_ values: [T], _ indices: [Int]) -> [T] {
        values.withUnsafeBufferPointer { source in
            [T](unsafeUninitializedCapacity: indices.count) { target, initialized in
                for (k, index) in indices.enumerated() {
                    (target.baseAddress! + k).initialize(to: source[index])
                }
                initialized = indices.count
            }
        }
    }

    static func select<T>(_ values: [T], _ mask: [Bool]) -> [T] {
        precondition(mask.count == values.count, "mask length \(mask.count) != column length \(values.count)")
        var kept = 0
        for flag in mask where flag { kept += 1 }
        return values.withUnsafeBufferPointer { source in
            mask.withUnsafeBufferPointer { flags in
                [T](unsafeUninitializedCapacity: kept) { target, initialized in
                    var k = 0
                    for i in 0..<source.count where flags[i] {
                        (target.baseAddress! + k).initialize(to: source[i])
                        k += 1
                    }
                    initialized = k
                }
            }
        }
    }
}

/// The kind of values a column holds.
public enum ColumnKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Doubles (`Column.number`).
    case number
    /// Dictionary-encoded text (`Column.text`).
    case text
    /// Seconds since the epoch (`Column.timestamp`).
    case timestamp

    /// `number`, `text` or `timestamp`.
    public var description: String { rawValue }
}
