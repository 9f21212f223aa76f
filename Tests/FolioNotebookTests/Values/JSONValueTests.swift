import FolioCompute
import Testing
@testable import FolioNotebook

/// folio's JSON writer and reader (results files, cache entries, cache keys): fixed bytes,
/// escapes both ways, and every string back as it went in.
@Suite struct JSONValueTests {
    private static let sample: JSONValue = .object(JSONObject([
        ("name", .string("a \"quoted\" \\ path\nline\ttab\u{1}")),
        ("n", .number(0.1)),
        ("big", .number(1e21)),
        ("list", .array([.number(1), .number(2), .null, .bool(true)])),
        ("nested", .object(JSONObject([("empty", .array([])), ("none", .object(JSONObject()))]))),
        ("long", .array((0..<17).map { JSONValue.number(Double($0)) })),
        ("unicode", .string("é 😀 ☃")),
    ]))

    /// The bytes of a results file: reports in git depend on them not moving.
    @Test func prettyAndCompactBytes() {
        let pretty = Self.sample.serialized()
        #expect(pretty.hasPrefix("{\n  \"name\": \"a \\\"quoted\\\" \\\\ path\\nline\\ttab\\u0001\",\n  \"n\": 0.1,\n"))
        #expect(pretty.contains("\"list\": [1, 2, null, true],\n"))
        #expect(pretty.contains("  \"nested\": {\n    \"empty\": [],\n    \"none\": {}\n  },\n"))
        #expect(pretty.contains("  \"long\": [\n    0,\n    1,\n"))
        #expect(pretty.hasSuffix("  \"unicode\": \"é 😀 ☃\"\n}\n"))
        let compact = Self.sample.compact()
        #expect(compact.hasPrefix("{\"name\":\"a \\\"quoted\\\" \\\\ path\\nline\\ttab\\u0001\",\"n\":0.1,"))
        #expect(!compact.contains("\n"))
    }

    @Test func bothFormsReadBackEqual() throws {
        #expect(try JSONValue(parsing: Self.sample.serialized()) == Self.sample)
        #expect(try JSONValue(parsing: Self.sample.compact()) == Self.sample)
    }

    /// Escapes other writers use: \/, \b, \f, \u with surrogate pairs.
    @Test func readsEveryEscape() throws {
        let text = #"["a\/b", "\b\f", "\u00e9\ud83d\ude00", "plain", "", "\\\""]"#
        #expect(try JSONValue(parsing: text) == .array([.string("a/b"), .string("\u{8}\u{C}"), .string("é😀"),
                                                        .string("plain"), .string(""), .string("\\\"")]))
    }

    @Test(arguments: [#""unterminated"#, #""bad \u12""#, #""end\"#, #"["a", "#])
    func rejectsBrokenStrings(text: String) {
        #expect(throws: (any Error).self) { try JSONValue(parsing: text) }
    }

    /// Random strings of ASCII, controls, quotes, backslashes and multi-byte scalars come
    /// back unchanged through both forms.
    @Test func randomStringsRoundTrip() throws {
        var rng = SeededGenerator(seed: 17)
        let alphabet: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "é", "€", "😀", "/"]
        for _ in 0..<300 {
            var s = String.UnicodeScalarView()
            for _ in 0..<rng.nextInt(below: 40) { s.append(alphabet[rng.nextInt(below: alphabet.count)]) }
            let value: JSONValue = .array([.string(String(s)), .object(JSONObject([(String(s), .number(1))]))])
            #expect(try JSONValue(parsing: value.serialized()) == value)
            #expect(try JSONValue(parsing: value.compact()) == value)
        }
    }
}
