/// A table of named, typed columns of equal length (what pandas calls a DataFrame, in its
/// simplest form). Every directive reads its data through this type.
public struct DataFrame: Sendable {
    /// Column names, in file order.
    public var columnNames: [String] { names }
    /// The number of rows.
    public private(set) var rowCount: Int
    /// The columns, in the order of `columnNames`.
    public private(set) var columns: [Column]
    /// The file the frame was read from, used in error messages; `nil` for frames built
    /// in memory.
    public var path: String?

    private var names: [String]
    private var index: [String: Int]

    /// Creates a frame from named columns.
    ///
    /// - Throws: `DataError.Kind.inconsistent` when the columns differ in length or two
    ///   share a name.
    public init(_ namedColumns: [(name: String, column: Column)], path: String? = nil) throws(DataError) {
        var index: [String: Int] = [:]
        for (k, entry) in namedColumns.enumerated() {
            if let previous = index[entry.name] {
                throw DataError(
                    .inconsistent, "duplicate column name (also column \(previous + 1))", path: path,
                    columnName: entry.name, columnIndex: k + 1)
            }
            index[entry.name] = k
        }
        let rowCount = namedColumns.first?.column.count ?? 0
        for (k, entry) in namedColumns.enumerated() where entry.column.count != rowCount {
            throw DataError(
                .inconsistent,
                "has \(entry.column.count) rows, but column \"\(namedColumns[0].name)\" has \(rowCount)",
                path: path, columnName: entry.name, columnIndex: k + 1)
        }
        self.names = namedColumns.map(\.name)
        self.columns = namedColumns.map(\.column)
        self.index = index
        self.rowCount = rowCount
        self.path = path
    }

    /// An empty frame with no columns and no rows.
    public init() {
        names = []
        columns = []
        index = [:]
        rowCount = 0
        path = nil
    }

    /// A frame whose invariants the caller has already checked.
    init(unchecked names: [String], columns: [Column], rowCount: Int, path: String?) {
        self.names = names
        self.columns = columns
        self.rowCount = rowCount
        self.path = path
        var index: [String: Int] = [:]
        for (k, name) in names.enumerated() { index[name] = k }
        self.index = index
    }

    /// The column named `name`, or `nil`.
    public func column(_ name: String) -> Column? {
        index[name].map { columns[$0] }
    }

    /// The kind of the column named `name`, or `nil` when there is none.
    public func kind(of name: String) -> ColumnKind? {
        column(name)?.kind
    }

    /// The column named `name`, or a `notFound` error that lists the available columns
    /// and suggests the closest name.
    public func requireColumn(_ name: String) throws(DataError) -> Column {
        guard let k = index[name] else {
            throw DataError.missingColumn(name, available: names, path: path)
        }
        return columns[k]
    }

    /// The numeric values of column `name`. A timestamp column gives its seconds since the
    /// epoch as `Double` (`NaN` where missing).
    ///
    /// - Throws: `notFound` (with a suggestion) or `typeMismatch` for a text column.
    public func numbers(_ name: String) throws(DataError) -> [Double] {
        switch try requireColumn(name) {
        case .number(let values):
            return values
        case .timestamp(let values):
            return values.map { $0 == Column.missingTime ? .nan : Double($0) }
        case .text(let text):
            throw DataError(
                .typeMismatch, "holds text (values such as \(Self.sample(text))), not numbers",
                path: path, columnName: name, columnIndex: index[name].map { $0 + 1 })
        }
    }

    /// The text column `name`.
    ///
    /// - Throws: `notFound` (with a suggestion) or `typeMismatch` for a number or
    ///   timestamp column.
    public func texts(_ name: String) throws(DataError) -> TextColumn {
        let column = try requireColumn(name)
        guard case .text(let text) = column else {
            throw DataError(
                .typeMismatch, "holds \(column.kind == .number ? "numbers" : "timestamps"), not text",
                path: path, columnName: name, columnIndex: index[name].map { $0 + 1 })
        }
        return text
    }

    /// The timestamp column `name` (seconds since 1970-01-01 UTC, `Int64.min` where
    /// missing).
    ///
    /// - Throws: `notFound` (with a suggestion) or `typeMismatch` for another kind.
    public func timestamps(_ name: String) throws(DataError) -> [Int64] {
        let column = try requireColumn(name)
        guard case .timestamp(let values) = column else {
            throw DataError(
                .typeMismatch,
                "holds \(column.kind == .number ? "numbers" : "text"), not ISO 8601 timestamps",
                path: path, columnName: name, columnIndex: index[name].map { $0 + 1 })
        }
        return values
    }

    /// The rows at `indices`, in that order (a gather; rows may repeat).
    ///
    /// - Precondition: every index is in `0..<rowCount`.
    /// - Complexity: O(indices.count × columns).
    public func rows(_ indices: [Int]) -> DataFrame {
        DataFrame(
            unchecked: names, columns: columns.map { $0.gathering(indices) }, rowCount: indices.count,
            path: path)
    }

    /// The rows where `mask` is true, in order.
    ///
    /// - Precondition: `mask.count == rowCount`.
    /// - Complexity: O(rowCount × columns).
    public func selecting(_ mask: [Bool]) -> DataFrame {
        var kept = 0
        for flag in mask where flag { kept += 1 }
        return DataFrame(
            unchecked: names, columns: columns.map { $0.selecting(mask) }, rowCount: kept, path: path)
    }

    /// The frame restricted to the columns `names`, in that order.
    ///
    /// - Throws: `notFound` for a name that is not a column.
    public func selectingColumns(_ names: [String]) throws(DataError) -> DataFrame {
        var columns: [Column] = []
        for name in names { columns.append(try requireColumn(name)) }
        return DataFrame(unchecked: names, columns: columns, rowCount: rowCount, path: path)
    }

    private static func sample(_ text: TextColumn) -> String {
        let shown = text.levels.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")
        return shown.isEmpty ? "only empty cells" : shown
    }
}
