import Foundation
import Mustache

/// A number in a Mustache context: rendered as in prose (integers as they are, other
/// numbers with four significant digits), with transforms for formats:
/// `{{f3(x)}}` fixed with 3 decimals (f0-f6), `{{pct(x)}}` / `{{pct0(x)}}`-`{{pct2(x)}}` percent,
/// `{{int(x)}}` and `{{comma(x)}}` (thousands separators), `{{signed(x)}}` (with + sign).
struct MustacheNumber: MustacheCustomRenderable, MustacheTransformable, Sendable {
    var value: Double

    var renderText: String { JSONValue.number(value).inlineText(format: nil) }
    var isNull: Bool { false }

    static let transformNames = ["f0", "f1", "f2", "f3", "f4", "f5", "f6", "pct", "pct0", "pct1", "pct2", "int", "comma", "signed"]

    func transform(_ name: String) -> Any? {
        switch name {
        case "f0", "f1", "f2", "f3", "f4", "f5", "f6": return ValueFormat(".\(name.dropFirst())f")?.format(value)
        case "pct": return ValueFormat("%")?.format(value)
        case "pct0", "pct1", "pct2": return ValueFormat(".\(name.dropFirst(3))%")?.format(value)
        case "int": return ValueFormat("d")?.format(value)
        case "comma": return ValueFormat(",d")?.format(value)
        case "signed": return (value > 0 ? "+" : "") + renderText
        default: return nil
        }
    }
}

extension JSONValue {
    /// The value as swift-mustache expects it: dictionaries, arrays, strings, numbers.
    var mustacheValue: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let b): return b
        case .number(let x): return MustacheNumber(value: x)
        case .string(let s): return s
        case .array(let items): return items.map(\.mustacheValue)
        case .object(let object): return MustacheObject(object: object)
        }
    }
}

/// A JSON object in a Mustache context, each member converted when the template reads it:
/// a summary's context holds the results of every report (megabytes of curves and tables)
/// of which a template reads a few dozen values, and converting all of it was most of the
/// block's time. Reads as the dictionary it stands for: members by name
/// (`MustacheParent`), the dictionary's transforms (`count`, `empty`, `enumerated`,
/// `sorted`), the dictionary's description.
struct MustacheObject: MustacheParent, MustacheTransformable, CustomStringConvertible {
    let object: JSONObject

    func child(named name: String) -> Any? { object[name]?.mustacheValue }

    /// Every member converted, as a dictionary.
    var dictionary: [String: Any] {
        var dictionary: [String: Any] = [:]
        for (key, value) in object.pairs { dictionary[key] = value.mustacheValue }
        return dictionary
    }

    func transform(_ name: String) -> Any? { dictionary.transform(name) }

    var description: String { String(describing: dictionary) }
}

/// List items by index, `{{report.shift.features.0.feature}}`, as in folio's own `{{ }}`
/// references (the Mustache spec leaves numeric names to implementations; swift-mustache
/// resolves them only through `MustacheParent`).
extension Array: @retroactive MustacheParent {
    public func child(named name: String) -> Any? {
        guard let index = Int(name), indices.contains(index) else { return nil }
        return self[index]
    }
}
