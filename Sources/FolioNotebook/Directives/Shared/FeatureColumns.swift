import FolioCompute
import Foundation

/// The `features` and `exclude` parameters shared by `ks-test` and `drift`: a list of
/// numeric columns (each remembered with where it was written), or `all` numeric columns
/// but those excluded.
///
/// ```yaml
/// features: [ret_24, vol_72]        # these columns
/// features: vol_72                  # one column
/// features: "{{ shift.top }}"       # a list from an earlier result
/// features: all                     # every numeric column but the reserved ones
/// exclude: [hour_sin, hour_cos]     # ... and but these
/// ```
public struct FeatureColumns: Sendable {
    /// A column name as written, with where it was written.
    public struct Named: Sendable, Hashable {
        /// The column name.
        public var name: String
        /// Where the name was written (the `features` value for a resolved list).
        public var location: SourceLocation
    }

    /// The columns listed; `nil` for `all`.
    public let listed: [Named]?
    /// The columns `all` leaves out.
    public let excluded: [Named]
    /// Where `features` was written (the block's body when absent).
    public let location: SourceLocation

    /// Decodes `features` and `exclude`.
    ///
    /// - Parameter allowsAll: whether `features` may be omitted or `all`; otherwise a list
    ///   is required.
    public init(parameters: ParameterReader, allowsAll: Bool) throws(DirectiveError) {
        location = parameters.location(of: "features")
        excluded = try FeatureColumns.names(parameters, "exclude") ?? []
        guard let names = try FeatureColumns.names(parameters, "features") else {
            guard allowsAll else {
                throw DirectiveError("missing required parameter 'features': one or more numeric columns, e.g. [vol_24, atr_14_norm]",
                                     at: parameters.location)
            }
            listed = nil
            return
        }
        if names.count == 1, names[0].name == "all" {
            guard allowsAll else { throw parameters.error("features", "name the columns to plot, e.g. [vol_24, atr_14_norm]") }
            listed = nil
            return
        }
        guard !names.isEmpty else { throw parameters.error("features", "name at least one column") }
        for (i, feature) in names.enumerated() where names[..<i].contains(where: { $0.name == feature.name }) {
            throw DirectiveError("'features': '\(feature.name)' is listed twice", at: feature.location)
        }
        listed = names
    }

    /// A list of column names with their locations, `nil` when `key` is absent.
    static func names(_ parameters: ParameterReader, _ key: String) throws(DirectiveError) -> [Named]? {
        guard let value = parameters.value(key) else { return nil }
        let expected = "expected a column name or a list of column names"
        switch value.kind {
        case .scalar(let text, _):
            return [Named(name: text, location: value.location)]
        case .sequence(let items):
            var out: [Named] = []
            for item in items {
                switch item.kind {
                case .scalar(let text, _) where !text.isEmpty:
                    out.append(Named(name: text, location: item.location))
                case .resolved(let json) where json.stringValue != nil:
                    out.append(Named(name: json.stringValue ?? "", location: item.location))
                default:
                    throw DirectiveError("'\(key)': \(expected)", at: item.location)
                }
            }
            return out
        case .resolved(let json):
            if case .array(let items) = json {
                var out: [Named] = []
                for item in items {
                    guard let text = item.stringValue else { throw parameters.error(key, "\(expected), found \(item.compact())") }
                    out.append(Named(name: text, location: value.location))
                }
                return out
            }
            if let text = json.stringValue { return [Named(name: text, location: value.location)] }
            throw parameters.error(key, "\(expected), found \(json.compact())")
        case .mapping:
            throw parameters.error(key, expected)
        }
    }

    /// The columns `resolve` reads when they are listed (numbers; excluded names of any
    /// kind), or `nil` for `all`, which reads every column's kind.
    public var columnsRead: [ColumnRead]? {
        guard let listed else { return nil }
        return listed.map { ColumnRead($0.name, .number) } + excluded.map { ColumnRead($0.name) }
    }

    /// The listed columns that `folio check` can verify from the header.
    public var explicitColumns: [(name: String, location: SourceLocation)] {
        (listed ?? []).map { ($0.name, $0.location) } + excluded.map { ($0.name, $0.location) }
    }

    /// The feature columns of `frame`: the listed ones, each checked to exist and hold
    /// numbers, or every numeric column outside `reserved` and `exclude`, in file order.
    ///
    /// - Throws: a located `DirectiveError` for a missing column (with the closest name),
    ///   a column that does not hold numbers (with the closest numeric column), an
    ///   excluded name that is not a column, or no feature left.
    public func resolve(in frame: DataFrame, reserved: Set<String>, display: String) throws(DirectiveError) -> [Named] {
        let numeric = frame.columnNames.filter { frame.kind(of: $0) == .number && !reserved.contains($0) }
        for name in excluded where frame.column(name.name) == nil {
            throw DirectiveError("'exclude': no column '\(name.name)' in \(display)\(Suggestion.hint(for: name.name, in: frame.columnNames))",
                                 at: name.location)
        }
        guard let listed else {
            let skip = Set(excluded.map(\.name))
            let chosen = numeric.filter { !skip.contains($0) }
            guard !chosen.isEmpty else {
                throw DirectiveError("'features': \(display) has no numeric column to test besides \(reserved.sorted().joined(separator: ", "))"
                                     + (skip.isEmpty ? "" : " and the excluded ones"), at: location)
            }
            return chosen.map { Named(name: $0, location: location) }
        }
        for feature in listed {
            guard let kind = frame.kind(of: feature.name) else {
                throw DirectiveError("'features': no column '\(feature.name)' in \(display)\(Suggestion.hint(for: feature.name, in: frame.columnNames))",
                                     at: feature.location)
            }
            guard kind == .number else {
                let hint = Suggestion.hint(for: feature.name, in: numeric)
                throw DirectiveError("'features': column '\(feature.name)' of \(display) holds \(kind == .text ? "text" : "timestamps"), not numbers\(hint)",
                                     at: feature.location)
            }
        }
        let skip = Set(excluded.map(\.name))
        let chosen = listed.filter { !skip.contains($0.name) }
        guard !chosen.isEmpty else { throw DirectiveError("'features': every listed column is excluded", at: location) }
        return chosen
    }
}
