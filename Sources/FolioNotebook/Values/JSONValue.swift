import Foundation

/// A directive's result: a JSON-like value with ordered object keys, so that results files
/// are written in a stable, readable order.
public enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The value at a dotted path: object keys and array indices (`top.0.feature`).
    public func value(at path: some Collection<String>) -> JSONValue? {
        var current = self
        for component in path {
            switch current {
            case .object(let object):
                guard let next = object[component] else { return nil }
                current = next
            case .array(let items):
                guard let index = Int(component), items.indices.contains(index) else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// The keys (or indices) available one level down, for "did you mean" messages.
    public var childNames: [String] {
        switch self {
        case .object(let object): return object.keys
        case .array(let items): return items.indices.map(String.init)
        default: return []
        }
    }

    public var doubleValue: Double? {
        switch self {
        case .number(let x): return x
        case .bool(let b): return b ? 1 : 0
        case .string(let s): return Double(s)
        default: return nil
        }
    }

    public var stringValue: String? {
        switch self {
        case .string(let s): return s
        case .number(let x): return JSONValue.format(x)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// The shortest text that reads back as the same double; integers without a
    /// fraction. Non-finite values have no JSON form and are written as `null`.
    static func format(_ x: Double) -> String {
        if !x.isFinite { return "null" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}

/// An object with keys in insertion order.
public struct JSONObject: Hashable, Sendable {
    public private(set) var keys: [String] = []
    private var values: [JSONValue] = []
    /// Key -> position, kept only for objects of more than `indexedSize` keys: a results
    /// file is mostly small objects, and a dictionary for each was half the time of
    /// parsing one (looking up a few keys in order is faster than hashing).
    private var index: [String: Int]?
    private static let indexedSize = 12

    public init() {}

    public init(_ pairs: [(String, JSONValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return keys.firstIndex(of: key)
    }

    private mutating func reindex() {
        index = keys.count > Self.indexedSize ? Dictionary(uniqueKeysWithValues: zip(keys, keys.indices)) : nil
    }

    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { values[$0] } }
        set {
            if let newValue {
                if let i = position(of: key) {
                    values[i] = newValue
                } else {
                    keys.append(key)
                    values.append(newValue)
                    if index != nil { index?[key] = keys.count - 1 } else if keys.count > Self.indexedSize { reindex() }
                }
            } else if let i = position(of: key) {
                keys.remove(at: i)
                values.remove(at: i)
                if index != nil { reindex() }
            }
        }
    }

    public var pairs: [(String, JSONValue)] { Array(zip(keys, values)) }
    public var isEmpty: Bool { keys.isEmpty }

    /// Equal when the same keys hold equal values in the same order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.keys == rhs.keys && lhs.values == rhs.values
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(keys)
        hasher.combine(values)
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue {
    /// A number, or `null` when it is not finite.
    public static func double(_ x: Double) -> JSONValue { x.isFinite ? .number(x) : .null }
    public static func int(_ x: Int) -> JSONValue { .number(Double(x)) }
    public static func strings(_ xs: [String]) -> JSONValue { .array(xs.map(JSONValue.string)) }
    public static func doubles(_ xs: [Double]) -> JSONValue { .array(xs.map(JSONValue.double)) }
}

// MARK: - Writing and reading

extension JSONValue {
    /// Pretty-printed JSON with two-space indentation and a final newline; the same value
    /// always gives the same bytes.
    public func serialized() -> String {
        var out: [UInt8] = []
        write(to: &out, indent: 0)
        out.append(UInt8(ascii: "\n"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Compact JSON, used for cache keys.
    public func compact() -> String {
        var out: [UInt8] = []
        write(to: &out, indent: nil)
        return String(decoding: out, as: UTF8.self)
    }

    // Written into bytes, not a String: appending to a String checked and copied on every
    // piece, and writing results files was a sixth of a warm render's CPU (issue 17).
    private func write(to out: inout [UInt8], indent: Int?) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let x): out.append(contentsOf: JSONValue.format(x).utf8)
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            if items.isEmpty { out.append(contentsOf: "[]".utf8); return }
            // Short arrays of scalars stay on one line to keep results files readable.
            let scalars = items.allSatisfy { if case .array = $0 { return false }; if case .object = $0 { return false }; return true }
            if indent == nil || (scalars && items.count <= 16) {
                out.append(UInt8(ascii: "["))
                for (i, item) in items.enumerated() {
                    if i > 0 { out.append(contentsOf: (indent == nil ? "," : ", ").utf8) }
                    item.write(to: &out, indent: nil)
                }
                out.append(UInt8(ascii: "]"))
                return
            }
            let level = indent!
            out.append(contentsOf: "[\n".utf8)
            for (i, item) in items.enumerated() {
                JSONValue.indent(level + 1, &out)
                item.write(to: &out, indent: level + 1)
                out.append(contentsOf: (i == items.count - 1 ? "\n" : ",\n").utf8)
            }
            JSONValue.indent(level, &out)
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            if object.isEmpty { out.append(contentsOf: "{}".utf8); return }
            guard let level = indent else {
                out.append(UInt8(ascii: "{"))
                for (i, (key, value)) in object.pairs.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    JSONValue.writeString(key, to: &out)
                    out.append(UInt8(ascii: ":"))
                    value.write(to: &out, indent: nil)
                }
                out.append(UInt8(ascii: "}"))
                return
            }
            out.append(contentsOf: "{\n".utf8)
            let pairs = object.pairs
            for (i, (key, value)) in pairs.enumerated() {
                JSONValue.indent(level + 1, &out)
                JSONValue.writeString(key, to: &out)
                out.append(contentsOf: ": ".utf8)
                value.write(to: &out, indent: level + 1)
                out.append(contentsOf: (i == pairs.count - 1 ? "\n" : ",\n").utf8)
            }
            JSONValue.indent(level, &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Two spaces per level.
    private static func indent(_ level: Int, _ out: inout [UInt8]) {
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    /// Appends `s` as a JSON string: runs of bytes that need no escape are copied whole
    /// (the characters escaped are all ASCII, so a run is whole UTF-8 sequences).
    private static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var runStart = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                guard b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") || b < 0x20 else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                switch b {
                case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
                case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
                case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
                case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
                default: out.append(contentsOf: String(format: "\\u%04x", UInt32(b)).utf8)
                }
                runStart = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Reads JSON text (results files, cache entries). Object key order is preserved.
    public init(parsing text: String) throws {
        var parser = JSONParser(bytes: Array(text.utf8))
        self = try parser.parseDocument()
    }
}

/// A small JSON reader that keeps object key order (Foundation's does not).
private struct JSONParser {
    struct Failure: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "invalid JSON at byte \(offset)" }
    }

    let bytes: [UInt8]
    var i = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws -> JSONValue {
        let value = try parseValue()
        skipSpace()
        guard i == bytes.count else { throw Failure(offset: i) }
        return value
    }

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    mutating func expect(_ literal: String) throws {
        for b in literal.utf8 {
            guard i < bytes.count, bytes[i] == b else { throw Failure(offset: i) }
            i += 1
        }
    }

    mutating func parseValue() throws -> JSONValue {
        skipSpace()
        guard i < bytes.count else { throw Failure(offset: i) }
        switch bytes[i] {
        case UInt8(ascii: "n"): try expect("null"); return .null
        case UInt8(ascii: "t"): try expect("true"); return .bool(true)
        case UInt8(ascii: "f"): try expect("false"); return .bool(false)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "["):
            i += 1
            var items: [JSONValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                items.append(try parseValue())
                skipSpace()
                guard i < bytes.count else { throw Failure(offset: i) }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                throw Failure(offset: i)
            }
        case UInt8(ascii: "{"):
            i += 1
            var object = JSONObject()
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(object) }
            while true {
                skipSpace()
                let key = try parseString()
                skipSpace()
                try expect(":")
                object[key] = try parseValue()
                skipSpace()
                guard i < bytes.count else { throw Failure(offset: i) }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(object) }
                throw Failure(offset: i)
            }
        default:
            let start = i
            // A switch, not `"+-0123456789.eE".utf8.contains`: that scan was a fifth of a
            // warm render reading other reports' results (perf, issue 17).
            scan: while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"),
                     UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
                    i += 1
                default:
                    break scan
                }
            }
            guard let x = Double(String(decoding: bytes[start..<i], as: UTF8.self)) else { throw Failure(offset: start) }
            return .number(x)
        }
    }

    /// A string: runs without escapes are copied whole (a string with none is decoded
    /// straight from the input), escapes decoded one by one.
    mutating func parseString() throws -> String {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw Failure(offset: i) }
        i += 1
        var out = [UInt8]()
        var escaped = false
        var result: String?
        var failure: Int?
        var at = i
        bytes.withUnsafeBufferPointer { buf in
            var runStart = at
            while at < buf.count {
                let b = buf[at]
                if b == UInt8(ascii: "\"") {
                    let run = UnsafeBufferPointer(rebasing: buf[runStart..<at])
                    if escaped {
                        out.append(contentsOf: run)
                        result = String(decoding: out, as: UTF8.self)
                    } else {
                        result = String(decoding: run, as: UTF8.self)
                    }
                    at += 1
                    return
                }
                guard b == UInt8(ascii: "\\") else { at += 1; continue }
                escaped = true
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[runStart..<at]))
                at += 1
                guard at < buf.count else { break }
                switch buf[at] {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard at + 4 < buf.count,
                          let code = UInt32(String(decoding: UnsafeBufferPointer(rebasing: buf[(at + 1)...(at + 4)]), as: UTF8.self), radix: 16) else {
                        failure = at
                        return
                    }
                    at += 4
                    var scalarValue = code
                    if (0xD800..<0xDC00).contains(code), at + 6 < buf.count, buf[at + 1] == UInt8(ascii: "\\"),
                       let low = UInt32(String(decoding: UnsafeBufferPointer(rebasing: buf[(at + 3)...(at + 6)]), as: UTF8.self), radix: 16) {
                        scalarValue = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        at += 6
                    }
                    out.append(contentsOf: Array(String(Unicode.Scalar(scalarValue).map(Character.init) ?? "\u{FFFD}").utf8))
                default: out.append(buf[at])
                }
                at += 1
                runStart = at
            }
        }
        i = at
        if let failure { throw Failure(offset: failure) }
        guard let result else { throw Failure(offset: i) }
        return result
    }
}
