import FolioCompute

/// Placeholder until the compute library's RowFilter lands (replaced in the same session).
public struct RowFilterParameter: Sendable {
    public struct ColumnCondition: Sendable { public var name: String; public var location: SourceLocation }
    public let columns: [ColumnCondition] = []
    public let location = SourceLocation(line: 1, column: 1)
    public var summary: String { "" }
    public init?(parameters: ParameterReader, key: String) throws(DirectiveError) {
        if parameters.has(key) { throw parameters.error(key, "not supported yet") }
        return nil
    }
    public func apply(to frame: DataFrame, display: String) throws(DirectiveError) -> DataFrame { frame }
}
