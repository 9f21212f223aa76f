import Foundation

/// Typed, located access to a block's parameters (a YAML mapping after `{{ }}`
/// references were resolved). Every error points at the offending key or value.
public struct ParameterReader: Sendable {
    private let entries: [ParamValue.Entry]
    /// The mapping's own location (the block's body, or a nested mapping).
    public let location: SourceLocation

    public init(_ value: ParamValue) throws(DirectiveError) {
        if value.isNull {
            entries = []
        } else if case .mapping(let entries) = value.kind {
            self.entries = entries
        } else {
            throw DirectiveError("expected a mapping of 'key: value' lines", at: value.location)
        }
        location = value.location
    }

    public var keys: [String] { entries.map(\.key) }

    public func has(_ key: String) -> Bool { entry(key) != nil }

    private func entry(_ key: String) -> ParamValue.Entry? {
        entries.first { $0.key == key }
    }

    /// The raw value of `key`, when present and not null.
    public func value(_ key: String) -> ParamValue? {
        guard let value = entry(key)?.value, !value.isNull else { return nil }
        return value
    }

    /// The location of `key`'s value (or of the mapping when absent).
    public func location(of key: String) -> SourceLocation {
        entry(key)?.value.location ?? location
    }

    /// An error located at `key`'s value.
    public func error(_ key: String, _ message: String) -> DirectiveError {
        DirectiveError("'\(key)': \(message)", at: location(of: key))
    }

    /// Rejects keys outside `allowed`, with a suggestion: one error for every unknown key
    /// (the first, carrying the others).
    public func rejectUnknownKeys(allowed: [String], context: String = "parameter") throws(DirectiveError) {
        if let error = DirectiveError(collecting: unknownKeyErrors(allowed: allowed, context: context)) { throw error }
    }

    /// One error per key outside `allowed`, at the key, with a suggestion.
    public func unknownKeyErrors(allowed: [String], context: String = "parameter") -> [DirectiveError] {
        entries.filter { !allowed.contains($0.key) }.map { entry in
            DirectiveError("unknown \(context) '\(entry.key)'\(Suggestion.hint(for: entry.key, in: allowed)); expected one of: \(allowed.joined(separator: ", "))",
                           at: entry.keyLocation)
        }
    }

    /// A reader over the same mapping without the entries whose keys are in `keys`.
    func removing(_ keys: Set<String>) throws(DirectiveError) -> ParameterReader {
        try ParameterReader(ParamValue(.mapping(entries.filter { !keys.contains($0.key) }), at: location))
    }

    /// The top-level key whose entry holds `location` (the last key at or before it), or
    /// `nil` when the location is before every key (the block itself).
    func key(holding location: SourceLocation) -> String? {
        entries.filter { $0.keyLocation <= location }.max { $0.keyLocation < $1.keyLocation }?.key
    }

    // MARK: Scalars

    public func string(_ key: String) throws(DirectiveError) -> String? {
        guard let value = value(key) else { return nil }
        switch value.kind {
        case .scalar(let s, _): return s
        case .resolved(let json):
            if let s = json.stringValue { return s }
            throw error(key, "expected a text value, found \(json.compact())")
        default: throw error(key, "expected a text value")
        }
    }

    public func string(_ key: String, default defaultValue: String) throws(DirectiveError) -> String {
        try string(key) ?? defaultValue
    }

    public func requiredString(_ key: String) throws(DirectiveError) -> String {
        guard let s = try string(key) else { throw DirectiveError("missing required parameter '\(key)'", at: location) }
        return s
    }

    public func double(_ key: String) throws(DirectiveError) -> Double? {
        guard let value = value(key) else { return nil }
        let number: Double?
        switch value.kind {
        case .scalar(let s, _): number = ParamValue.number(s.trimmingCharacters(in: .whitespaces))
        case .resolved(let json): number = json.doubleValue
        default: number = nil
        }
        guard let number, number.isFinite else { throw error(key, "expected a finite number") }
        return number
    }

    public func double(_ key: String, default defaultValue: Double) throws(DirectiveError) -> Double {
        try double(key) ?? defaultValue
    }

    /// A number within `range`.
    public func double(_ key: String, default defaultValue: Double, in range: ClosedRange<Double>) throws(DirectiveError) -> Double {
        let x = try double(key) ?? defaultValue
        guard range.contains(x) else { throw error(key, "must be between \(JSONValue.format(range.lowerBound)) and \(JSONValue.format(range.upperBound)), got \(JSONValue.format(x))") }
        return x
    }

    public func int(_ key: String) throws(DirectiveError) -> Int? {
        guard let x = try double(key) else { return nil }
        guard x == x.rounded(), abs(x) < 1e15 else { throw error(key, "expected a whole number") }
        return Int(x)
    }

    public func int(_ key: String, default defaultValue: Int, min: Int = Int.min, max: Int = Int.max) throws(DirectiveError) -> Int {
        let x = try int(key) ?? defaultValue
        guard x >= min, x <= max else {
            throw error(key, max == Int.max ? "must be at least \(min), got \(x)" : "must be between \(min) and \(max), got \(x)")
        }
        return x
    }

    public func bool(_ key: String, default defaultValue: Bool) throws(DirectiveError) -> Bool {
        guard let value = value(key) else { return defaultValue }
        switch value.kind {
        case .scalar(let s, false): if let b = ParamValue.bool(s) { return b }
        case .resolved(.bool(let b)): return b
        default: break
        }
        throw error(key, "expected true or false")
    }

    /// One of the cases of `T`, by raw value, with a suggestion when misspelt.
    public func choice<T: RawRepresentable & CaseIterable>(_ key: String, default defaultValue: T) throws(DirectiveError) -> T
    where T.RawValue == String {
        guard let s = try string(key) else { return defaultValue }
        if let value = T(rawValue: s) { return value }
        let names = T.allCases.map(\.rawValue)
        throw error(key, "unknown value '\(s)'\(Suggestion.hint(for: s, in: names)); expected one of: \(names.joined(separator: ", "))")
    }

    // MARK: Lists and mappings

    /// A list of strings; a single scalar counts as a one-element list.
    public func stringList(_ key: String) throws(DirectiveError) -> [String]? {
        guard let value = value(key) else { return nil }
        switch value.kind {
        case .scalar(let s, _): return [s]
        case .resolved(let json):
            if case .array(let items) = json { return items.compactMap(\.stringValue) }
            if let s = json.stringValue { return [s] }
        case .sequence(let items):
            var out: [String] = []
            for item in items {
                switch item.kind {
                case .scalar(let s, _): out.append(s)
                case .resolved(let json) where json.stringValue != nil: out.append(json.stringValue!)
                default: throw DirectiveError("'\(key)': expected a list of names", at: item.location)
                }
            }
            return out
        case .mapping: break
        }
        throw error(key, "expected a list of names")
    }

    /// A list of numbers; a single number counts as a one-element list.
    public func doubleList(_ key: String) throws(DirectiveError) -> [Double]? {
        guard let value = value(key) else { return nil }
        let items: [ParamValue]
        switch value.kind {
        case .sequence(let list): items = list
        case .resolved(.array(let list)): items = list.map { ParamValue(.resolved($0), at: value.location) }
        default: items = [value]
        }
        var out: [Double] = []
        for item in items {
            let x: Double?
            switch item.kind {
            case .scalar(let s, _): x = ParamValue.number(s)
            case .resolved(let json): x = json.doubleValue
            default: x = nil
            }
            guard let x, x.isFinite else { throw DirectiveError("'\(key)': expected a list of numbers", at: item.location) }
            out.append(x)
        }
        return out
    }

    /// A nested mapping, e.g. `compare: {column: split, a: train, b: val}`.
    public func mapping(_ key: String, allowedKeys: [String]? = nil) throws(DirectiveError) -> ParameterReader? {
        guard let value = value(key) else { return nil }
        if case .resolved(let json) = value.kind, case .object(let object) = json {
            let entries = object.pairs.map { ParamValue.Entry(key: $0.0, keyLocation: value.location, value: ParamValue(.resolved($0.1), at: value.location)) }
            let reader = try ParameterReader(ParamValue(.mapping(entries), at: value.location))
            if let allowedKeys { try reader.rejectUnknownKeys(allowed: allowedKeys, context: "key in '\(key)'") }
            return reader
        }
        guard case .mapping = value.kind else { throw error(key, "expected a mapping, e.g. '\(key): {key: value}'") }
        let reader = try ParameterReader(value)
        if let allowedKeys { try reader.rejectUnknownKeys(allowed: allowedKeys, context: "key in '\(key)'") }
        return reader
    }

    /// A list of nested mappings (e.g. a list of checks).
    public func mappingList(_ key: String) throws(DirectiveError) -> [ParameterReader]? {
        guard let value = value(key) else { return nil }
        guard case .sequence(let items) = value.kind else { throw error(key, "expected a list") }
        var readers: [ParameterReader] = []
        for item in items { readers.append(try ParameterReader(item)) }
        return readers
    }

    /// Entries of a mapping in order, for free-form maps such as `expect: {mlp: {f1: 0.3}}`.
    public var entryList: [(key: String, value: ParamValue)] { entries.map { ($0.key, $0.value) } }

    /// Entries with the locations of their keys.
    public var locatedEntries: [ParamValue.Entry] { entries }
}
