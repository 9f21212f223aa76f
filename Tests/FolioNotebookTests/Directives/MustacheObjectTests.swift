import Foundation
import Mustache
import Testing
@testable import FolioNotebook

/// A summary's context converts JSON objects when a template reads them
/// (`MustacheObject`); templates render as they did with every object converted to a
/// dictionary up front.
@Suite struct MustacheObjectTests {
    /// The conversion before `MustacheObject`: every object a dictionary, converted eagerly.
    static func eager(_ value: JSONValue) -> Any {
        switch value {
        case .null: return NSNull()
        case .bool(let b): return b
        case .number(let x): return MustacheNumber(value: x)
        case .string(let s): return s
        case .array(let items): return items.map(eager)
        case .object(let object):
            var dictionary: [String: Any] = [:]
            for (key, value) in object.pairs { dictionary[key] = eager(value) }
            return dictionary
        }
    }

    static let data: JSONValue = [
        "report": [
            "eval": ["best": ["model": "mlp", "f1": 0.4213], "models": [["name": "mlp", "auc": 0.61], ["name": "gru", "auc": 0.58]],
                     "flags": ["b": true, "a": false], "empty": [:] as JSONValue, "none": nil, "count": 3],
            "shift": ["shifted": ["rsi", "atr"], "features": [["feature": "atr", "statistic": 0.4119]]],
        ],
        "params": ["split": "test"],
    ]

    @Test(arguments: [
        "{{report.eval.best.model}} {{f3(report.eval.best.f1)}} {{pct(report.eval.best.f1)}}",
        "{{#report.eval.best}}{{model}}:{{f1}}{{/report.eval.best}}",
        "{{#report.eval.models}}{{name}}={{auc}}{{^last}}, {{/last}}{{/report.eval.models}}",
        "{{report.eval.models.1.name}} {{report.shift.features.0.feature}}",
        "{{count(report.eval.flags)}} {{count(report.shift.shifted)}} {{#empty(report.eval.empty)}}empty{{/empty(report.eval.empty)}}",
        "{{#sorted(report.eval.flags)}}{{key}}={{value}};{{/sorted(report.eval.flags)}}",
        "{{^report.eval.missing}}no such key{{/report.eval.missing}}{{^report.eval.none}} null{{/report.eval.none}}",
        "{{#report.eval}}{{count}} {{best.model}} {{params.split}}{{/report.eval}}",
        "{{#report.eval.flags.a}}yes{{/report.eval.flags.a}}{{^report.eval.flags.a}}no{{/report.eval.flags.a}}",
    ])
    func rendersAsTheEagerConversion(_ text: String) throws {
        let template = try MustacheTemplate(string: MarkdownContentType.pragma + text)
        #expect(template.render(Self.data.mustacheValue) == template.render(Self.eager(Self.data)))
        #expect(!template.render(Self.data.mustacheValue).isEmpty)
    }
}
