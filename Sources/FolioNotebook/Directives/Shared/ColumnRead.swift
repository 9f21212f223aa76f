import FolioCompute

/// A column a directive reads from its data, named by its parameters, and the kind it
/// reads the column as (`nil`: any kind). A directive that declares every column it reads
/// (`DataSelection.reading(_:)`) lets a PostgreSQL source fetch only those; the kind lets
/// the source see when the directive would fail on that column, and fetch the whole table
/// then, so that the error (whose suggestions may name other columns) is the one a file
/// gives.
public struct ColumnRead: Sendable, Hashable {
    /// The column's name.
    public var name: String
    /// The kind the directive needs, or `nil` when it takes any.
    public var kind: ColumnKind?

    /// A column of `kind` (any kind for `nil`).
    public init(_ name: String, _ kind: ColumnKind? = nil) {
        self.name = name
        self.kind = kind
    }
}
