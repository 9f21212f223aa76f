import Yams

/// A directive parameter as written in a block's YAML body, with its location in the
/// notebook. Scalars keep their text (typed later, by the directive that reads them);
/// values produced by `{{ }}` references are already typed.
public struct ParamValue: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        /// A YAML scalar; `quoted` scalars are always strings.
        case scalar(String, quoted: Bool)
        /// A value resolved from an earlier result.
        case resolved(JSONValue)
        case sequence([ParamValue])
        case mapping([Entry])
    }

    public struct Entry: Sendable, Hashable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: ParamValue
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// A plain scalar that YAML's core schema reads as null (`~`, `null`, empty).
    var isNull: Bool {
        if case .scalar(let s, false) = kind { return s.isEmpty || s == "~" || s == "null" || s == "Null" || s == "NULL" }
        if case .resolved(.null) = kind { return true }
        return false
    }

    /// The value as JSON: plain scalars are typed by YAML's core schema (bool, null,
    /// number), quoted ones stay strings. Used for cache keys and for results.
    public var json: JSONValue {
        switch kind {
        case .scalar(let s, let quoted):
            if quoted { return .string(s) }
            if isNull { return .null }
            if let b = ParamValue.bool(s) { return .bool(b) }
            if let x = ParamValue.number(s) { return .number(x) }
            return .string(s)
        case .resolved(let v): return v
        case .sequence(let items): return .array(items.map(\.json))
        case .mapping(let entries): return .object(JSONObject(entries.map { ($0.key, $0.value.json) }))
        }
    }

    static func bool(_ s: String) -> Bool? {
        switch s {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    static func number(_ s: String) -> Double? {
        let t = s.replacingOccurrences(of: "_", with: "")
        if let x = Double(t), !t.isEmpty, t.first != "+" || t.count > 1 { return x }
        switch t.lowercased() {
        case ".inf", "+.inf": return .infinity
        case "-.inf": return -.infinity
        case ".nan": return .nan
        default: return nil
        }
    }
}

extension ParamValue {
    /// A body written as a YAML list, as the mapping `{parameter: list}` for a directive
    /// whose `listParameter` is `parameter`; any other value unchanged.
    func wrappingList(in parameter: String?) -> ParamValue {
        guard let parameter, case .sequence = kind else { return self }
        return ParamValue(.mapping([Entry(key: parameter, keyLocation: location, value: self)]), at: location)
    }

    /// Parses a directive's YAML body. `origin` is the notebook location of the body's
    /// first line and column, so that every node carries its notebook position.
    ///
    /// The document must stay within `YAMLBudget` (100,000 values and 64 levels, aliases
    /// expanded); that is checked on the parser's events before any tree is built, so an
    /// alias bomb fails in milliseconds.
    ///
    /// - Throws: `DirectiveError` at the YAML problem's location.
    /// - Complexity: O(`yaml` length), bounded by `YAMLBudget`.
    static func parse(yaml: String, origin: SourceLocation) throws(DirectiveError) -> ParamValue {
        func shift(line: Int, column: Int) -> SourceLocation {
            SourceLocation(line: origin.line + line - 1,
                           column: line == 1 ? origin.column + column - 1 : column + origin.column - 1)
        }
        func shift(_ mark: Mark?) -> SourceLocation {
            guard let mark else { return origin }
            return shift(line: mark.line, column: mark.column)
        }
        do {
            try YAMLBudget.check(yaml)
        } catch {
            throw DirectiveError(error.message, at: shift(line: error.line, column: error.column))
        }
        let node: Node?
        do {
            // `Resolver.basic`: folio types plain scalars itself (`ParamValue.json`), so Yams's
            // regular-expression resolver is not needed (and is costly to build). UTF-8 named
            // explicitly: Yams's default reads the whole process environment at every call
            // (for YAMS_DEFAULT_ENCODING), which was a tenth of planning a warm render.
            node = try Yams.compose(yaml: yaml, Resolver.basic, .default, .utf8)
        } catch let error as YamlError {
            switch error {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
                 .composer(_, let problem, let mark, _):
                throw DirectiveError("invalid YAML: \(problem)", at: shift(mark))
            case .duplicatedKeysInMapping(let duplicates, let context):
                throw DirectiveError("duplicate key \(duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")) in the block's YAML",
                                     at: shift(context.mark))
            default:
                throw DirectiveError("invalid YAML: \(error)", at: origin)
            }
        } catch {
            throw DirectiveError("invalid YAML: \(error)", at: origin)
        }
        guard let node else { return ParamValue(.mapping([]), at: origin) }
        func convert(_ node: Node) throws(DirectiveError) -> ParamValue {
            let location = shift(node.mark)
            switch node {
            case .scalar(let scalar):
                let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
                    || scalar.style == .literal || scalar.style == .folded
                return ParamValue(.scalar(scalar.string, quoted: quoted), at: location)
            case .sequence(let sequence):
                var items: [ParamValue] = []
                for item in sequence { items.append(try convert(item)) }
                return ParamValue(.sequence(items), at: location)
            case .mapping(let mapping):
                var entries: [Entry] = []
                var seen = Set<String>()
                for pair in mapping {
                    guard case .scalar(let key) = pair.key else {
                        throw DirectiveError("keys must be plain names", at: shift(pair.key.mark))
                    }
                    guard seen.insert(key.string).inserted else {
                        throw DirectiveError("duplicate key '\(key.string)'", at: shift(pair.key.mark))
                    }
                    entries.append(Entry(key: key.string, keyLocation: shift(pair.key.mark), value: try convert(pair.value)))
                }
                return ParamValue(.mapping(entries), at: location)
            case .alias:
                // `Yams.compose` replaces each alias by its anchored node (bounded above by
                // `YAMLBudget`), so this case is not reached; kept for exhaustiveness.
                throw DirectiveError("YAML aliases are not supported in directive parameters", at: location)
            }
        }
        return try convert(node)
    }
}
