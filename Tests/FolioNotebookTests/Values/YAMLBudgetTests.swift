import Foundation
import Testing
@testable import FolioNotebook

/// Every YAML document folio reads is bounded before Yams builds a tree: alias bombs, huge
/// flat documents and deep nesting fail with a located error in well under a second.
@Suite struct YAMLBudgetTests {
    /// Nine levels of `&x [*w, *w, ...]`: 9⁹ values once expanded. `indent` prefixes each line.
    static func aliasBomb(indent: String = "") -> String {
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        var lines = [indent + "a: &a [" + Array(repeating: "lol", count: 9).joined(separator: ",") + "]"]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append(indent + "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Runs `body`, expects it to finish within a second (a bound, not a benchmark: the
    /// unbounded parse took minutes and gigabytes).
    static func withinASecond<T>(_ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        var result: T?
        let elapsed = try clock.measure { result = try body() }
        #expect(elapsed < .seconds(1), "took \(elapsed)")
        return result!
    }

    static func parseError(_ yaml: String, origin: FolioNotebook.SourceLocation = FolioNotebook.SourceLocation(line: 10, column: 1)) -> DirectiveError? {
        withinASecond { () -> DirectiveError? in
            do {
                _ = try ParamValue.parse(yaml: yaml, origin: origin)
                return nil
            } catch let error as DirectiveError {
                return error
            } catch {
                return nil
            }
        }
    }

    @Test func aliasBombInABlockIsALocatedError() async throws {
        // The values reach 100,000 at the first `*e` of line f: a: 11, b: 92, c: 821,
        // d: 7,382, e: 66,431 values with their keys, plus the root mapping.
        let source = "# Bomb\n\n```{echo} e\n" + Self.aliasBomb() + "```\n"
        // The parse itself, timed alone (a whole render shares the machine with other tests).
        let notebook = try Notebook(parsing: source, path: "notebooks/n.md")
        let parseError = Self.parseError(notebook.blocks[0].body, origin: notebook.blocks[0].bodyOrigin)
        #expect(parseError?.location == FolioNotebook.SourceLocation(line: 9, column: 8))

        let project = try TestProject(["notebooks/n.md": source])
        defer { project.remove() }
        let summary = await project.render()
        #expect(!summary.succeeded)
        let error = summary.diagnostics.first { $0.message.contains("YAML too large") }
        #expect(error?.message == "YAML too large: more than 100000 values once alias *e is expanded")
        #expect(error?.path == "notebooks/n.md")
        #expect(error?.location == FolioNotebook.SourceLocation(line: 9, column: 8))
    }

    @Test func aliasBombInFrontMatterParamsIsALocatedError() throws {
        let source = "---\ntitle: Bomb\nparams:\n" + Self.aliasBomb(indent: "  ") + "---\n# Body\n"
        let diagnostic = Self.withinASecond { () -> Diagnostic? in
            do {
                _ = try Notebook(parsing: source, path: "notebooks/n.md")
                return nil
            } catch let error as Diagnostic {
                return error
            } catch {
                return nil
            }
        }
        #expect(diagnostic?.message == "front matter: YAML too large: more than 100000 values once alias *e is expanded")
        #expect(diagnostic?.location == FolioNotebook.SourceLocation(line: 9, column: 10))
    }

    @Test func aliasBombUnderCheckIsALocatedError() throws {
        let project = try TestProject(["notebooks/n.md": "---\nparams:\n" + Self.aliasBomb(indent: "  ") + "---\n"])
        defer { project.remove() }
        let summary = project.check()
        #expect(summary.diagnostics.contains {
            $0.message.contains("YAML too large") && $0.location == FolioNotebook.SourceLocation(line: 8, column: 10)
        }, "got: \(summary.diagnostics.map(\.description))")
    }

    @Test func hugeFlatDocumentIsALocatedError() {
        let error = Self.parseError("values: [" + Array(repeating: "1", count: 300_000).joined(separator: ",") + "]\n")
        #expect(error?.message == "YAML too large: more than 100000 values")
        // The root mapping, the key and the sequence are three values; the 99,998th item
        // crosses the limit, at column 10 + 2 × 99,997.
        #expect(error?.location == FolioNotebook.SourceLocation(line: 10, column: 10 + 2 * 99_997))
    }

    @Test func hugeBlockMappingIsALocatedError() {
        let yaml = (0..<60_000).map { "k\($0): \($0)" }.joined(separator: "\n")
        let error = Self.parseError(yaml)
        #expect(error?.message == "YAML too large: more than 100000 values")
        // Root mapping plus two values per line: the limit falls on line 50,000's value.
        #expect(error?.location == FolioNotebook.SourceLocation(line: 10 + 49_999, column: 9))
    }

    @Test func deepNestingIsALocatedError() {
        let yaml = "v: " + String(repeating: "[", count: 65) + String(repeating: "]", count: 65) + "\n"
        let error = Self.parseError(yaml, origin: FolioNotebook.SourceLocation(line: 4, column: 1))
        #expect(error?.message == "YAML nested more than 64 levels deep")
        // The root mapping is level 1: the 64th `[` (column 4 + 63) opens level 65.
        #expect(error?.location == FolioNotebook.SourceLocation(line: 4, column: 67))
    }

    /// Past 1,000 levels libyaml stops before producing events; the message is the same.
    /// No stack overflow, in libyaml, Yams or folio.
    @Test(arguments: [10_000, 100_000])
    func veryDeepNestingIsALocatedError(levels: Int) {
        let yaml = "v: " + String(repeating: "[", count: levels) + String(repeating: "]", count: levels) + "\n"
        let error = Self.parseError(yaml, origin: FolioNotebook.SourceLocation(line: 4, column: 1))
        #expect(error?.message == "YAML nested more than 64 levels deep")
        #expect(error?.location?.line == 4)
    }

    @Test func nestingAtTheLimitParses() throws {
        let yaml = "v: " + String(repeating: "[", count: 63) + "1" + String(repeating: "]", count: 63) + "\n"
        let value = try ParamValue.parse(yaml: yaml, origin: FolioNotebook.SourceLocation(line: 1, column: 1))
        var depth = 0
        var node = value
        while true {
            switch node.kind {
            case .mapping(let entries): node = entries[0].value
            case .sequence(let items): node = items[0]
            default: break
            }
            if case .scalar = node.kind { break }
            depth += 1
        }
        #expect(depth == 63)
    }

    @Test func aliasThatNestsTooDeepIsALocatedError() {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let yaml = "a: &a \(deep)\nb: " + String(repeating: "[", count: 30) + "*a" + String(repeating: "]", count: 30) + "\n"
        let error = Self.parseError(yaml)
        #expect(error?.message == "YAML nested more than 64 levels deep once alias *a is expanded")
        #expect(error?.location == FolioNotebook.SourceLocation(line: 11, column: 34))
    }

    /// Yams resolves aliases while composing, so within the limits they simply expand.
    @Test func aliasesWithinTheLimitsExpand() throws {
        let value = try ParamValue.parse(yaml: "a: &x [1, 2]\nb: *x\n", origin: FolioNotebook.SourceLocation(line: 10, column: 1))
        #expect(value.json == .object(JSONObject([("a", [1, 2]), ("b", [1, 2])])))
    }

    @Test func syntaxErrorsAreStillYamlsToReport() {
        let error = Self.parseError("a: [1, 2\n")
        #expect(error?.message.hasPrefix("invalid YAML") == true)
    }

    /// The counter itself, with small limits: sizes of nested anchors multiply.
    @Test func countsExpandedSizes() {
        // a = 3 values; b = 1 + 3 × 3 = 10; with the root mapping and keys: 1 + 1 + 3 + 1 + 1 + 3 × 3.
        let yaml = "a: &a [1, 2]\nb: [*a, *a, *a]\n"
        #expect(throws: Never.self) { try YAMLBudget.check(yaml, maxNodes: 16) }
        #expect(throws: YAMLBudget.Exceeded(message: "YAML too large: more than 15 values once alias *a is expanded", line: 2, column: 13)) {
            try YAMLBudget.check(yaml, maxNodes: 15)
        }
    }
}
