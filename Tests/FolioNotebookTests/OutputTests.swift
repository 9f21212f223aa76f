import Foundation
import Testing
@testable import FolioNotebook

@Suite(.serialized) struct OutputTests {
    @Test func outputsGoWhereFrontMatterSaysWithFiguresAndResults() async throws {
        let project = try TestProject(["notebooks/x/n.md": "---\noutput: out/r.md\n---\n```{echo} e\nvalue: {b: 1, a: 2}\nfigure: true\n```\n"])
        defer { project.remove() }
        let summary = await project.render(options: RenderOptions(html: true, quiet: true))
        #expect(summary.succeeded)
        #expect(try project.read("out/r.md").contains("![a dot](figures/r-e-dot.svg)"))
        #expect(project.exists("out/figures/r-e-dot.svg"))
        let results = try project.read("out/r.results.json")
        #expect(results.contains("\"e\": {\n    \"value\": {\n      \"b\": 1,\n      \"a\": 2\n    }"))
        let html = try project.read("out/r.html")
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">"))
        #expect(!html.contains("<img src=\"figures/"))
    }

    @Test func defaultOutputMirrorsNotebooksFolder() async throws {
        let project = try TestProject(["notebooks/phase4/a.md": "Hello\n"])
        defer { project.remove() }
        _ = await project.render()
        #expect(try project.read("reports/phase4/a.md").hasSuffix("Hello\n"))
    }

    @Test func staleFiguresAreRemoved() async throws {
        let project = try TestProject(["notebooks/n.md": "```{echo} e\nfigure: true\n```\n"])
        defer { project.remove() }
        _ = await project.render()
        #expect(project.exists("reports/figures/n-e-dot.svg"))
        try project.write("notebooks/n.md", "```{echo} e\nfigure: false\n```\n")
        _ = await project.render()
        #expect(!project.exists("reports/figures/n-e-dot.svg"))
    }

    @Test func paramOverrides() async throws {
        let project = try TestProject(["notebooks/n.md": "---\nparams: {t: 0.5}\n---\nt={{ params.t }}\n"])
        defer { project.remove() }
        _ = await project.render(options: RenderOptions(paramOverrides: [("t", "0.7")], quiet: true))
        #expect(try project.read("reports/n.md").hasSuffix("t=0.7\n"))
    }

    @Test func jsonRoundTripKeepsOrderAndBytes() throws {
        let value: JSONValue = ["z": 1, "a": [1.5, "x\n\"q\"", nil, true], "m": ["k": -0.25]]
        let text = value.serialized()
        #expect(try JSONValue(parsing: text) == value)
        #expect(try JSONValue(parsing: text).serialized() == text)
    }

    /// Strings are escaped byte-wise: a quote before a combining mark (one grapheme), control
    /// characters, backslashes, multi-byte text and the empty string all round-trip.
    @Test(arguments: ["", "plain", "\"\u{301}é", "a\\b\u{1}\u{1f}\t\r\n", "€𝄞\"", "\"\"", "ends with \\"])
    func jsonStringsEscapeExactly(_ text: String) throws {
        let serialized = JSONValue.string(text).compact()
        #expect(try JSONValue(parsing: serialized) == .string(text))
        #expect(!serialized.utf8.dropFirst().dropLast().contains { $0 < 0x20 })
        if text == "a\\b\u{1}\u{1f}\t\r\n" { #expect(serialized == #""a\\b\u0001\u001f\t\r\n""#) }
    }
}
