import FolioCompute

/// The SQL types whose values have one column kind whatever they hold (by type OID, from
/// `pg_type`); the others are typed from their values, as CSV columns are.
enum PostgresTypes {
    /// `int2`, `int4`, `int8`, `float4`, `float8`, `numeric`.
    static let numbers: Set<UInt32> = [21, 23, 20, 700, 701, 1700]
    /// `date`, `timestamp`, `timestamptz`.
    static let times: Set<UInt32> = [1082, 1114, 1184]

    /// `text`, `varchar`, `name`: types whose cast to `text` is their output (unlike
    /// `boolean`'s `true` for `t`, or `char(n)`'s trimmed padding), so SQL can compare
    /// them as the CSV text.
    static let texts: Set<UInt32> = [25, 1043, 19]

    /// The kind a type fixes, or `nil` when the values decide.
    static func kind(ofType oid: UInt32) -> ColumnKind? {
        if numbers.contains(oid) { return .number }
        if times.contains(oid) { return .timestamp }
        return nil
    }

    /// The SQL type folio gives a column of `kind` when it creates a table.
    static func sqlType(for kind: ColumnKind) -> String {
        switch kind {
        case .number: "double precision"
        case .timestamp: "timestamp with time zone"
        case .text: "text"
        }
    }
}
