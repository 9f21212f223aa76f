// libFuzzer harness: prose through the `{{ id.path | format }}` scanner, each reference
// resolved against a fixed scope and formatted, as the splicer does for a report line.
@testable import FolioNotebook

/// Results shaped like folio's: nested objects, lists, numbers, strings, null.
private let scope: Scope = {
    var scope = Scope(params: .object(JSONObject([("threshold", .number(0.5)), ("name", .string("mlp"))])),
                      blocks: [DirectiveBlock(name: "evaluate", id: "later", body: "", location: SourceLocation(line: 9, column: 1),
                                              startLine: 9, endLine: 11)])
    scope.results["eval"] = .object(JSONObject([
        ("mlp", .object(JSONObject([("f1", .number(0.61234)), ("auc", .number(.nan)), ("n", .number(12_345_678))]))),
        ("top", .array([.object(JSONObject([("feature", .string("rsi_14"))])), .null, .bool(true)])),
        ("empty", .object(JSONObject())),
    ]))
    scope.failed.insert("broken")
    return scope
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInline(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let origin = SourceLocation(line: 3, column: 5)
    if let found = try? InlineExpression.scan(Substring(text), origin: origin) {
        for (range, expression) in found {
            precondition(range.lowerBound >= text.startIndex && range.upperBound <= text.endIndex)
            precondition(!expression.path.isEmpty)
            _ = try? scope.resolve(expression).inlineText(format: expression.format)
        }
    }
    _ = try? scope.substitute(in: Substring(text), origin: origin)
    return 0
}
