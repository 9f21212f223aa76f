import Foundation
import Testing
@testable import FolioNotebook

/// The claims language: every operator, function and error, with the character each
/// error points at.
@Suite struct ClaimExpressionTests {
    static let results: JSONObject = {
        var r = JSONObject()
        r["eval"] = .object(JSONObject([
            ("models", .object(JSONObject([
                ("mlp", .object(JSONObject([("roc_auc", .number(0.617)), ("f1", .number(0.31)), ("name", .string("mlp"))]))),
                ("gru", .object(JSONObject([("roc_auc", .number(0.611)), ("f1", .null)]))),
            ]))),
            ("table", .array([.object(JSONObject([("f1", .number(0.1))])), .object(JSONObject([("f1", .number(0.25))]))])),
            ("ok", .bool(true)),
        ]))
        r["threshold-policy"] = .object(JSONObject([("value", .number(0.4))]))
        return r
    }()

    static func evaluate(_ text: String) throws(ClaimError) -> JSONValue {
        let expression = try ClaimExpression(parsing: text)
        return try expression.evaluate { (path: [String], offsets: [Int]) throws(ClaimError) -> JSONValue in
            try Claim.resolve(path, offsets: offsets, results: ClaimExpressionTests.results, reports: { _ in nil }, reportNames: [])
        }.value
    }

    @Test(arguments: [
        ("1 + 2 * 3 == 7", true), ("(1 + 2) * 3 == 9", true), ("10 / 4 == 2.5", true), ("7 - 2 - 1 == 4", true),
        ("-3 < -2", true), ("- -3 == 3", true), ("2 <= 2", true), ("2 >= 3", false), ("3 > 2", true), ("1 != 2", true),
        ("'a' < 'b'", true), ("\"mlp\" == eval.models.mlp.name", true), ("1e-3 == 0.001", true), ("1_000 == 1000", true), (".5 == 0.5", true),
        ("true and false", false), ("true or false", true), ("not false", true), ("not true or true", true),
        ("false and false or true", true), ("not 1 == 2", true),
        ("eval.models.mlp.roc_auc > 0.6", true), ("abs(eval.models.mlp.roc_auc - eval.models.gru.roc_auc) < 0.01", true),
        ("eval.table[1].f1 == 0.25", true), ("eval.table.0.f1 == 0.1", true), ("len(eval.table) == 2", true),
        ("len(eval.models) == 2", true), ("len('abc') == 3", true), ("min(3, 1, 2) == 1", true), ("max(eval.table[0].f1, 0.2) == 0.2", true),
        ("max([1, 2]) == 2", false), ("eval.models.gru.f1 == null", true), ("eval.ok", true), ("threshold-policy.value == 0.4", true),
        ("1 == 'a'", false), ("eval.table == eval.table", true),
    ] as [(String, Bool)])
    func evaluates(_ text: String, _ expected: Bool) throws {
        if text == "max([1, 2]) == 2" {
            // Lists are not literals of the language: a located syntax error.
            #expect(throws: ClaimError.self) { try ClaimExpressionTests.evaluate(text) }
            return
        }
        #expect(try ClaimExpressionTests.evaluate(text) == .bool(expected), "\(text)")
    }

    /// Errors with the 0-based byte offset they point at.
    @Test(arguments: [
        ("", "empty expression", 0),
        ("1 +", "expected a value, found end of expression", 3),
        ("(1 + 2", "expected ')' to close the '('", 6),
        ("a = 1", "'=' is not an operator", 2),
        ("a && b", "use 'and' and 'or'", 2),
        ("!a", "use 'not'", 0),
        ("1 < 2 < 3", "comparisons do not chain", 6),
        ("'open", "string not closed", 0),
        ("foo(1)", "unknown function 'foo'", 0),
        ("abs(1, 2", "expected ',' or ')'", 8),
        ("eval.table[x]", "expected a list index", 11),
        ("eval.table[1", "expected ']'", 12),
        ("eval..models", "expected a key after '.', found '.'", 5),
        ("1 2", "unexpected number 2 after a complete expression", 2),
        ("and 1", "'and' needs a value before it", 0),
        ("3x", "a number cannot run into a name", 1),
        ("#", "unexpected character '#'", 0),
    ] as [(String, String, Int)])
    func syntaxErrors(_ text: String, _ message: String, _ offset: Int) {
        do {
            _ = try ClaimExpression(parsing: text)
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.message.contains(message), "\(text): \(error.message)")
            #expect(error.offset == offset, "\(text): \(error.message) at \(error.offset)")
        }
    }

    @Test(arguments: [
        ("nope.x > 1", "unknown id 'nope'", 0),
        ("eval.modles.mlp.f1 > 0", "no 'modles' in eval (did you mean 'models'?)", 5),
        ("eval.table[5].f1 > 0", "no '5' in eval.table", 11),
        ("eval.models.mlp.name + 1 > 0", "'+' needs a number, got a string", 0),
        ("eval.models.gru.f1 > 0.3", "'>' compares two numbers or two strings, not null and a number", 19),
        ("eval.models.gru.f1 * 2 > 0", "'*' got null", 0),
        ("1 / 0 > 0", "division by zero", 4),
        ("not 3", "'not' needs true or false", 0),
        ("1 and true", "'and' needs true or false on its left", 0),
        ("abs('x') > 0", "abs() needs a number", 4),
        ("len(3) > 0", "len() takes a list, object or string", 4),
        ("min() > 0", "min() of nothing", 0),
        ("'a' < 1", "'<' compares two numbers or two strings", 4),
    ] as [(String, String, Int)])
    func evaluationErrors(_ text: String, _ message: String, _ offset: Int) {
        do {
            _ = try ClaimExpressionTests.evaluate(text)
            Issue.record("\(text) evaluated")
        } catch {
            #expect(error.message.contains(message), "\(text): \(error.message)")
            #expect(error.offset == offset, "\(text): \(error.message) at \(error.offset)")
        }
    }

    @Test func recordsEveryPathReadOnce() throws {
        let expression = try ClaimExpression(parsing: "eval.models.mlp.f1 > 0.3 and eval.models.mlp.f1 < eval.table[1].f1 + 1")
        let (value, values) = try expression.evaluate { (path: [String], offsets: [Int]) throws(ClaimError) -> JSONValue in
            try Claim.resolve(path, offsets: offsets, results: ClaimExpressionTests.results, reports: { _ in nil }, reportNames: [])
        }
        #expect(value == .bool(true))
        #expect(values.map(\.path) == ["eval.models.mlp.f1", "eval.table[1].f1"])
        #expect(values.map(\.value) == [.number(0.31), .number(0.25)])
    }
}
