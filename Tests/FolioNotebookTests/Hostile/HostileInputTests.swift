import Foundation
import Testing
@testable import FolioNotebook

/// The hostile-input suite: notebooks, front matter, YAML, CSV, templates, paths and
/// decision text that people could share, each with its expected outcome, each checked for
/// writes outside what it may change and for leaks of a secret kept beside the project.
@Suite struct HostileInputTests {
    // MARK: - Building blocks

    static func notebook(output: String? = nil, data: String? = nil, _ body: String = "# Report\n\nText.\n") -> String {
        var front = ""
        if let output { front += "output: \(output)\n" }
        if let data { front += "data: \(data)\n" }
        return front.isEmpty ? body : "---\n\(front)---\n\(body)"
    }

    /// Nine levels of `&a [*a, ...]`: a few hundred bytes, 9^9 values expanded.
    static func aliasBomb(indent: String) -> String {
        var lines = ["\(indent)a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        for level in 1...9 {
            lines.append("\(indent)a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let sum = "```{sum} s\nfile: numbers.txt\n```\n\nTotal {{ s.total }}.\n"
    static let echoFigure = "```{echo} e\nvalue: 1\nfigure: true\n```\n"
    static let handLog = "# Decision log\n\n## Hand entry\nKeep   this *exactly*.\n"

    static func decision(id: String = "pick", title: String = "Pick", decision: String = "Use X.", extra: String = "") -> String {
        "```{decision}\nid: \(id)\ntitle: \(title)\ndecision: \(decision)\n\(extra)```\n"
    }

    // MARK: - 1. Where reports go

    /// `output:` values that must be refused, with the words of the refusal.
    static let refusedOutputs: [(String, String)] = [
        ("notebooks/a.md", "is a notebook"),
        ("notebooks/other.md", "is a notebook"),
        ("notebooks/new.md", "inside notebooks/"),
        ("memory-bank/decisionLog.md", "inside memory-bank/"),
        ("memory-bank/new.md", "inside memory-bank/"),
        ("templates/t.md", "inside templates/"),
        ("data/x.md", "inside data/"),
        (".git/x.md", "inside .git/"),
        (".folio/x.md", "inside .folio/"),
        ("../x.md", "outside the project"),
        ("../../x.md", "outside the project"),
        ("../outside/x.md", "outside the project"),
        ("/tmp/folio-hostile-absolute.md", "outside the project"),
        ("reports/../../outside/x.md", "outside the project"),
        ("reports/../notebooks/a.md", "is a notebook"),
        ("reports/x.txt", "must be a Markdown file"),
        ("reports/x", "must be a Markdown file"),
        ("reports/x.md.sh", "must be a Markdown file"),
        ("README.md", "was not written by folio"),
        ("reports/hand.md", "was not written by folio"),
    ]

    static let outputCases: [HostileCase] = refusedOutputs.map { output, words in
        HostileCase("output: \(output)", [
            "notebooks/a.md": notebook(output: output), "notebooks/other.md": "# Other\n",
            "memory-bank/decisionLog.md": handLog, "templates/t.md": "t", "data/keep.csv": "a\n1\n",
            "README.md": "# Hand-written readme\n", "reports/hand.md": "# Written by a person\n",
            ".git/HEAD": "ref: refs/heads/main\n",
        ], .error(words, at: "notebooks/a.md:2:9"), mayChange: ["reports/other.", ".folio/"])
    } + [
        HostileCase("output inside the notebook's own data folder", [
            "notebooks/a.md": notebook(output: "mydata/r.md", data: "mydata"), "mydata/n.txt": "1\n",
        ], .error("inside the data folder mydata", at: "notebooks/a.md:2:9"), mayChange: [".folio/"]),
        HostileCase("report path through a link to a folder outside", ["notebooks/a.md": notebook(output: "out/x.md")],
                    links: ["out": "@outside/folder"], .error("outside the project", at: "notebooks/a.md:2:9"), mayChange: [".folio/"]),
        HostileCase("report path through a link into notebooks/", ["notebooks/a.md": notebook(output: "out/a.md")],
                    links: ["out": "@root/notebooks"], .error("is a notebook", at: "notebooks/a.md:2:9"), mayChange: [".folio/"]),
        HostileCase("report path through a link into memory-bank/", ["notebooks/a.md": notebook(output: "out/decisionLog.md"),
                                                                    "memory-bank/decisionLog.md": handLog],
                    links: ["out": "@root/memory-bank"], .error("inside memory-bank/", at: "notebooks/a.md:2:9"), mayChange: [".folio/"]),
        HostileCase("report path through a dangling link", ["notebooks/a.md": notebook(output: "out/x.md")],
                    links: ["out": "/nonexistent/folio/target"], .error("does not exist", at: "notebooks/a.md:2:9"), mayChange: [".folio/"]),
        HostileCase("the report itself is a link to a file outside", ["notebooks/a.md": notebook()],
                    links: ["reports/a.md": "@outside/secret.txt"], .error("outside the project", at: "notebooks/a.md:1:1"), mayChange: [".folio/"]),
        HostileCase("the report is a link to /dev/zero", ["notebooks/a.md": notebook()],
                    links: ["reports/a.md": "/dev/zero"], .error("outside the project", at: "notebooks/a.md:1:1"), mayChange: [".folio/"]),
        HostileCase("the results file is a link to /dev/zero", ["notebooks/a.md": notebook()],
                    links: ["reports/a.results.json": "/dev/zero"], .error("is a symbolic link"), mayChange: [".folio/"]),
        HostileCase("the page is a link to /dev/zero", ["notebooks/a.md": notebook()],
                    links: ["reports/a.html": "/dev/zero"], command: .renderHTML, .error("is a symbolic link"), mayChange: [".folio/"]),
        HostileCase("figures/ is a link to a folder outside", ["notebooks/a.md": notebook(echoFigure)],
                    links: ["reports/figures": "@outside/folder"], .error("outside the project"), mayChange: [".folio/"]),
        HostileCase("figures/ is a link into templates/", ["notebooks/a.md": notebook(echoFigure), "templates/t.mustache": "x"],
                    links: ["reports/figures": "@root/templates"], .error("inside templates/"), mayChange: [".folio/"]),
        HostileCase("a hand-written results file in the way", ["notebooks/a.md": notebook(), "reports/a.results.json": "{\"mine\": 1}\n"],
                    .error("no leading \"_folio\""), mayChange: [".folio/"]),
        HostileCase("a hand-written page in the way", ["notebooks/a.md": notebook(), "reports/a.html": "<html>mine</html>\n"],
                    command: .renderHTML, .error("no folio generator tag"), mayChange: [".folio/"]),
        HostileCase("a hand-written SVG named like a figure", ["notebooks/a.md": notebook(echoFigure), "reports/figures/a-e-dot.svg": "my drawing"],
                    .error("is not an SVG figure folio wrote"), mayChange: [".folio/"]),
        HostileCase("--force replaces a hand-written report", ["notebooks/a.md": notebook(output: "README.md"), "README.md": "# Mine\n"],
                    command: .renderForce, .success, mayChange: ["README.md", "README.results.json", ".folio/"],
                    reportContains: ["README.md": "<!-- Generated by folio from notebooks/a.md"]),
        HostileCase("a report at the project root", ["notebooks/a.md": notebook(output: "a-report.md")], .success,
                    mayChange: ["a-report.md", "a-report.results.json", ".folio/"], reportContains: ["a-report.md": "# Report"]),
        HostileCase("a report in a new folder", ["notebooks/a.md": notebook(output: "out/deep/r.md")], .success,
                    mayChange: ["out", ".folio/"], reportContains: ["out/deep/r.md": "Text."]),
        HostileCase("a report through a link to a folder inside the project", ["notebooks/a.md": notebook(output: "linked/r.md"), "real/.keep": ""],
                    links: ["linked": "@root/real"], .success, mayChange: ["real/r.", ".folio/"], reportContains: ["real/r.md": "Text."]),
        HostileCase("two notebooks, one report", ["notebooks/a.md": notebook(output: "reports/same.md"), "notebooks/b.md": notebook(output: "reports/same.md")],
                    .error("both write the report reports/same.md", at: "notebooks/b.md:2:9"), mayChange: [".folio/"]),
        HostileCase("two notebooks, one report, spelled differently", ["notebooks/a.md": notebook(output: "reports/./same.md"),
                                                                       "notebooks/b.md": notebook(output: "reports/x/../same.md")],
                    .error("both write the report", at: "notebooks/a.md:2:9"), mayChange: [".folio/"]),
        HostileCase("a notebook's output onto another notebook's default report", ["notebooks/a.md": notebook(output: "reports/b.md"),
                                                                                   "notebooks/b.md": notebook()],
                    .error("both write the report reports/b.md"), mayChange: [".folio/"]),
    ]

    // MARK: - 2. What a notebook may read

    static let readCases: [HostileCase] = [
        HostileCase("data file is a link to a secret outside", ["notebooks/a.md": notebook(sum)], links: ["numbers.txt": "@outside/secret.txt"],
                    .error("outside the project", at: "notebooks/a.md:2:7"), mayChange: [".folio/", "reports/"]),
        HostileCase("data file is a link to /etc/passwd", ["notebooks/a.md": notebook(sum)], links: ["numbers.txt": "/etc/passwd"],
                    .error("resolves to /etc/passwd, outside the project"), mayChange: [".folio/", "reports/"]),
        HostileCase("data file is a link to /dev/zero", ["notebooks/a.md": notebook(sum)], links: ["numbers.txt": "/dev/zero"],
                    .error("outside the project"), mayChange: [".folio/", "reports/"]),
        HostileCase("data file is a named pipe", ["notebooks/a.md": notebook(sum)], pipes: ["numbers.txt"],
                    .error("not a regular file"), mayChange: [".folio/", "reports/"]),
        HostileCase("data folder is a link outside", ["notebooks/a.md": notebook(data: "d", sum)], links: ["d": "@outside/folder"],
                    .error("outside the project"), mayChange: [".folio/", "reports/"]),
        HostileCase("data path climbs out", ["notebooks/a.md": notebook("```{sum} s\nfile: ../outside/secret.txt\n```\n")],
                    .error("leaves the project folder", at: "notebooks/a.md:2:7"), mayChange: [".folio/", "reports/"]),
        HostileCase("data path is absolute", ["notebooks/a.md": notebook("```{sum} s\nfile: /etc/passwd\n```\n")],
                    .error("leaves the project folder"), mayChange: [".folio/", "reports/"]),
        HostileCase("a dangling data link", ["notebooks/a.md": notebook(sum)], links: ["numbers.txt": "/nonexistent/numbers.txt"],
                    .error("does not exist"), mayChange: [".folio/", "reports/"]),
        HostileCase("a data link inside the project is fine", ["notebooks/a.md": notebook(sum), "real/n.txt": "2\n3\n"],
                    links: ["numbers.txt": "@root/real/n.txt"], .success, reportContains: ["reports/a.md": "Total 5."]),
        HostileCase("a linked data folder inside the project is fine", ["notebooks/a.md": notebook(data: "d", sum), "real/numbers.txt": "4\n"],
                    links: ["d": "@root/real"], .success, reportContains: ["reports/a.md": "Total 4."]),
        HostileCase("an MLflow store holding a link outside", ["notebooks/a.md": notebook("```{trials} t\nstore: mlruns\n```\n"),
                                                            "mlruns/0/meta.yaml": "name: Default\n"],
                    links: ["mlruns/1": "@outside/folder"], .error("outside the project"), mayChange: [".folio/", "reports/"]),
        HostileCase("an MLflow store holding a hidden link outside", ["notebooks/a.md": notebook("```{trials} t\nstore: mlruns\n```\n"),
                                                                   "mlruns/0/meta.yaml": "name: Default\n"],
                    links: ["mlruns/.evil": "@outside/secret.txt"], .error("outside the project"), mayChange: [".folio/", "reports/"]),
        HostileCase("a template that is a link outside", ["notebooks/a.md": notebook("```{summary}\ntemplate: t.mustache\n```\n")],
                    links: ["templates/t.mustache": "@outside/secret.txt"], .error("outside the project", at: "notebooks/a.md:2:11"),
                    mayChange: [".folio/", "reports/"]),
        HostileCase("templates/ is a link outside", ["notebooks/a.md": notebook("```{summary}\ntemplate: secret.txt\n```\n")],
                    links: ["templates": "@outside/"], .error("outside the project"), mayChange: [".folio/", "reports/"]),
        HostileCase("a template path climbing out", ["notebooks/a.md": notebook("```{summary}\ntemplate: ../../outside/secret.txt\n```\n")],
                    .error("give a file name inside templates/"), mayChange: [".folio/", "reports/"]),
        HostileCase("another report's results are a link outside",
                    ["notebooks/a.md": notebook("```{summary}\ntemplate: t.mustache\n```\n"), "templates/t.mustache": "{{other.x.a}}\n"],
                    links: ["reports/other.results.json": "@outside/secret.txt"], .error("other"), mayChange: [".folio/", "reports/a"]),
        HostileCase("the decision log is a link outside", ["notebooks/a.md": notebook(decision())],
                    links: ["memory-bank/decisionLog.md": "@outside/secret.txt"], .error("outside the project"), mayChange: [".folio/", "reports/"]),
        HostileCase("memory-bank/ is a link outside", ["notebooks/a.md": notebook(decision())],
                    links: ["memory-bank": "@outside/folder"], .error("outside the project"), mayChange: [".folio/", "reports/"]),
        HostileCase("check refuses a link outside too", ["notebooks/a.md": notebook(sum)], links: ["numbers.txt": "@outside/secret.txt"],
                    command: .check, .error("outside the project"), mayChange: [".folio/"]),
    ]

    // MARK: - 3. The decision log

    static let markerFields = ["title", "decision", "context", "consequences"]
    static let markerInjections = ["<!-- /folio:decision -->", "<!-- folio:decision id=\\\"evil\\\" -->", "-->", "<!--"]

    static let decisionCases: [HostileCase] = markerFields.flatMap { field in
        markerInjections.map { injection in
            let extra = field == "title" || field == "decision" ? "" : "\(field): \"x \(injection) y\"\n"
            let title = field == "title" ? "\"T \(injection) U\"" : "Pick"
            let text = field == "decision" ? "\"D \(injection) E\"" : "Use X."
            return HostileCase("\(injection) in \(field)", ["notebooks/a.md": notebook(decision(title: title, decision: text, extra: extra)),
                                                            "memory-bank/decisionLog.md": handLog],
                               .success, mayChange: ["reports/", ".folio/", "memory-bank/decisionLog.md"],
                               reportContains: ["memory-bank/decisionLog.md": handLog])
        }
    } + [
        HostileCase("markers in alternatives and evidence", ["notebooks/a.md": notebook(decision(extra: "alternatives: [\"<!-- /folio:decision -->\"]\nevidence: {\"<!--\": \"-->\"}\n"))],
                    .success, mayChange: ["reports/", ".folio/", "memory-bank/"]),
        HostileCase("one decision id in two notebooks", ["notebooks/a.md": notebook(decision()), "notebooks/b.md": notebook(decision())],
                    .error("decision id 'pick' is also declared at notebooks/b.md:2", at: "notebooks/a.md:2:5"), mayChange: ["reports/", ".folio/"]),
        HostileCase("one decision id twice in a notebook", ["notebooks/a.md": notebook(decision() + "\n" + decision(title: "Again"))],
                    .error("is also declared at notebooks/a.md:", at: "notebooks/a.md:8:5"), mayChange: ["reports/", ".folio/"]),
        HostileCase("an entry of another notebook that still declares it",
                    ["notebooks/a.md": notebook(decision()), "other/b.md": decision(),
                     "memory-bank/decisionLog.md": handLog + "\n<!-- folio:decision id=\"pick\" -->\n### pick: Pick\n\n*Status:* **proposed** · *Recorded:* 2025-01-01 · *Source:* `other/b.md`\n\n**Decision.** Use X.\n\n<!-- folio:record {\"evidence\":{},\"data\":{}} -->\n<!-- /folio:decision -->\n"],
                    .error("already recorded in memory-bank/decisionLog.md by other/b.md"), mayChange: ["reports/", ".folio/"]),
        HostileCase("an entry whose notebook is gone is taken over",
                    ["notebooks/a.md": notebook(decision()),
                     "memory-bank/decisionLog.md": handLog + "\n<!-- folio:decision id=\"pick\" -->\n### pick: Old\n\n*Status:* **proposed** · *Recorded:* 2025-01-01 · *Source:* `notebooks/gone.md`\n\n**Decision.** Old.\n\n<!-- folio:record {\"evidence\":{},\"data\":{}} -->\n<!-- /folio:decision -->\n"],
                    .success, mayChange: ["reports/", ".folio/", "memory-bank/decisionLog.md"],
                    reportContains: ["memory-bank/decisionLog.md": "*Source:* `notebooks/a.md`"]),
        HostileCase("a log with an unclosed hand-written marker keeps every byte",
                    ["notebooks/a.md": notebook(decision()), "memory-bank/decisionLog.md": handLog + "<!-- folio:decision id=\"broken\" -->\nno end\n"],
                    .success, mayChange: ["reports/", ".folio/", "memory-bank/decisionLog.md"],
                    reportContains: ["memory-bank/decisionLog.md": handLog + "<!-- folio:decision id=\"broken\" -->\nno end\n"]),
        HostileCase("a log with a start marker inside an entry",
                    ["notebooks/a.md": notebook(decision()),
                     "memory-bank/decisionLog.md": handLog + "<!-- folio:decision id=\"x\" -->\nhalf\n<!-- folio:decision id=\"pick\" -->\nold\n<!-- /folio:decision -->\n"],
                    .success, mayChange: ["reports/", ".folio/", "memory-bank/decisionLog.md"],
                    reportContains: ["memory-bank/decisionLog.md": handLog + "<!-- folio:decision id=\"x\" -->\nhalf\n<!-- folio:decision id=\"pick\" -->\n### pick"]),
        HostileCase("a decision id that is not a name", ["notebooks/a.md": notebook(decision(id: "\"x\\\" --> <!--\""))],
                    .error("use letters, digits"), mayChange: ["reports/", ".folio/"]),
    ]

    // MARK: - 4. Notebooks, front matter and YAML

    static let structureCases: [HostileCase] = [
        HostileCase("empty notebook", ["notebooks/a.md": ""], .success),
        HostileCase("notebook of one newline", ["notebooks/a.md": "\n"], .success),
        HostileCase("byte order mark", ["notebooks/a.md": "\u{FEFF}# Title\n"], .success),
        HostileCase("CRLF line ends", ["notebooks/a.md": "---\r\ntitle: T\r\n---\r\n# T\r\n\r\n```{echo} e\r\nvalue: 2\r\n```\r\n\r\nv {{ e.value }}\r\n"],
                    .success, reportContains: ["reports/a.md": "v 2"]),
        HostileCase("front matter that is a list", ["notebooks/a.md": "---\n- a\n- b\n---\n# T\n"], .error("front matter must be a YAML mapping"), mayChange: [".folio/"]),
        HostileCase("front matter with an unknown key", ["notebooks/a.md": "---\noutptu: x.md\n---\n# T\n"], .error("unknown front matter key 'outptu'"), mayChange: [".folio/"]),
        HostileCase("front matter output not a string", ["notebooks/a.md": "---\noutput: [a, b]\n---\n# T\n"], .error("front matter 'output' must be a string"), mayChange: [".folio/"]),
        HostileCase("front matter invalid YAML", ["notebooks/a.md": "---\ntitle: [unclosed\n---\n# T\n"], .error("front matter"), mayChange: [".folio/"]),
        HostileCase("front matter params not a mapping", ["notebooks/a.md": "---\nparams: 3\n---\n# T\n"], .error("'params' must be a mapping"), mayChange: [".folio/"]),
        HostileCase("front matter anchor and alias", ["notebooks/a.md": "---\nparams: {a: &x 1, b: *x}\n---\nB is {{ params.b }}.\n"], .success,
                    reportContains: ["reports/a.md": "B is 1."]),
        HostileCase("alias bomb in a block", ["notebooks/a.md": "```{echo} e\nvalue:\n" + aliasBomb(indent: "  ") + "```\n"],
                    .error("YAML too large"), mayChange: ["reports/", ".folio/"]),
        HostileCase("alias bomb in front matter params", ["notebooks/a.md": "---\nparams:\n" + aliasBomb(indent: "  ") + "---\n# T\n"],
                    .error("YAML too large"), mayChange: [".folio/"]),
        HostileCase("alias bomb checked, not rendered", ["notebooks/a.md": "```{echo} e\nvalue:\n" + aliasBomb(indent: "  ") + "```\n"],
                    command: .check, .error("YAML too large"), mayChange: [".folio/"]),
        HostileCase("10,000 levels of nesting", ["notebooks/a.md": "```{echo} e\nvalue: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n```\n"],
                    .error("nested more than"), mayChange: ["reports/", ".folio/"]),
        HostileCase("block with invalid YAML", ["notebooks/a.md": "```{echo} e\nvalue: [1, 2\n```\n"], .error("invalid YAML"), mayChange: ["reports/", ".folio/"]),
        HostileCase("block YAML with a tab indent", ["notebooks/a.md": "```{echo} e\nvalue:\n\t- 1\n```\n"], .error("invalid YAML"), mayChange: ["reports/", ".folio/"]),
        HostileCase("block with a duplicate key", ["notebooks/a.md": "```{echo} e\nvalue: 1\nvalue: 2\n```\n"], .error("duplicate key"), mayChange: ["reports/", ".folio/"]),
        HostileCase("block body a list", ["notebooks/a.md": "```{echo} e\n- 1\n```\n"], .error("expected a mapping of 'key: value' lines", at: "notebooks/a.md:2:1"), mayChange: ["reports/", ".folio/"]),
        HostileCase("block body a scalar", ["notebooks/a.md": "```{echo} e\njust text\n```\n"], .error("expected a mapping of 'key: value' lines", at: "notebooks/a.md:2:1"), mayChange: ["reports/", ".folio/"]),
        HostileCase("block alias", ["notebooks/a.md": "```{echo} e\nlabel: &a x\nvalue: *a\n```\n\n{{ e.value }}\n"], .success,
                    reportContains: ["reports/a.md": "Echo: x (x)"]),
        HostileCase("block with a key that is a list", ["notebooks/a.md": "```{echo} e\n[a]: 1\n```\n"], .error("keys must be plain names"), mayChange: ["reports/", ".folio/"]),
        HostileCase("deeply nested flow", ["notebooks/a.md": "```{echo} e\nvalue: " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "\n```\n"],
                    .error("YAML nested more than 64 levels deep"), mayChange: ["reports/", ".folio/"]),
        HostileCase("a 200 KB scalar", ["notebooks/a.md": "```{echo} e\nlabel: " + String(repeating: "x", count: 200_000) + "\n```\n"], .success),
        HostileCase("unknown directive", ["notebooks/a.md": "```{evalute} e\ndata: x.csv\n```\n"], .error("unknown directive '{evalute}'"), mayChange: ["reports/", ".folio/"]),
        HostileCase("unknown parameter", ["notebooks/a.md": "```{echo} e\nvalu: 1\n```\n"], .error("valu"), mayChange: ["reports/", ".folio/"]),
        HostileCase("malformed info string", ["notebooks/a.md": "```{echo e\nvalue: 1\n```\n"], .error("malformed directive info string"), mayChange: ["reports/", ".folio/"]),
        HostileCase("invalid block id", ["notebooks/a.md": "```{echo} 1e\nvalue: 1\n```\n"], .error("invalid directive id"), mayChange: ["reports/", ".folio/"]),
        HostileCase("reserved block id", ["notebooks/a.md": "```{echo} params\nvalue: 1\n```\n"], .error("is reserved"), mayChange: ["reports/", ".folio/"]),
        HostileCase("duplicate block id", ["notebooks/a.md": "```{echo} e\nvalue: 1\n```\n\n```{echo} e\nvalue: 2\n```\n"], .error("duplicate directive id 'e'"), mayChange: ["reports/", ".folio/"]),
        HostileCase("directive in a list item", ["notebooks/a.md": "- item\n\n  ```{echo} e\n  value: 1\n  ```\n"], .error("at the top level"), mayChange: ["reports/", ".folio/"]),
        HostileCase("prose reference to nothing", ["notebooks/a.md": "Value {{ nope.rows }}.\n"], .error("nope"), mayChange: ["reports/", ".folio/"]),
        HostileCase("prose reference to a missing path", ["notebooks/a.md": "```{echo} e\nvalue: 1\n```\n\n{{ e.missing.deep }}\n"], .error("missing"), mayChange: ["reports/", ".folio/"]),
        HostileCase("prose raw HTML stays the author's", ["notebooks/a.md": "<div>kept</div>\n\nText <b>bold</b>.\n"], .success,
                    reportContains: ["reports/a.md": "<div>kept</div>"]),
        HostileCase("reference inside a code span stays literal", ["notebooks/a.md": "Code `{{ nope }}` here.\n"], .success,
                    reportContains: ["reports/a.md": "`{{ nope }}`"]),
        HostileCase("invalid UTF-8 notebook", ["notebooks/a.md": ""], .success),
        HostileCase("a directive reference to a later block", ["notebooks/a.md": "```{echo} a\nvalue: \"{{ b.value }}\"\n```\n\n```{echo} b\nvalue: 1\n```\n"],
                    .error("b"), mayChange: ["reports/", ".folio/"]),
        HostileCase("a notebook named like the reserved README", ["notebooks/README.md": "```{echo} e\nvalue: [\n```\n"], .success, mayChange: []),
        HostileCase("a reference cycle through needs", ["notebooks/a.md": "---\nneeds: [b]\n---\n# A\n", "notebooks/b.md": "---\nneeds: [a]\n---\n# B\n"],
                    .error("cycle"), mayChange: [".folio/"]),
    ]

    // MARK: - 5. CSV data

    static func dataset(_ csv: String) -> [String: String] {
        ["notebooks/a.md": notebook("```{dataset} d\ndata: t.csv\n```\n"), "t.csv": csv]
    }

    static let csvCases: [HostileCase] = [
        HostileCase("CSV empty file", dataset(""), .error("the file is empty: a header row is required", at: "notebooks/a.md:2:7"), mayChange: ["reports/", ".folio/"]),
        HostileCase("CSV header only", dataset("a,b\n"), .error("t.csv has no data rows"), mayChange: ["reports/", ".folio/"]),
        HostileCase("CSV ragged rows", dataset("a,b\n1,2\n3\n"), .error("t.csv:3: column \"b\" (2): expected 2 fields, found 1"), mayChange: ["reports/", ".folio/"]),
        HostileCase("CSV extra field", dataset("a,b\n1,2,3\n"), .error("t.csv:2:5: expected 2 fields, found 3"), mayChange: ["reports/", ".folio/"]),
        HostileCase("CSV unclosed quote", dataset("a,b\n\"1,2\n"), .error("t.csv:2:1: quoted field is not closed"), mayChange: ["reports/", ".folio/"]),
        HostileCase("CSV with a BOM and CRLF", dataset("\u{FEFF}a,b\r\n1,2\r\n"), .success),
        HostileCase("CSV with NaN and empty cells", dataset("a,b\nNaN,\n1,2\n"), .success),
        HostileCase("CSV binary garbage", dataset("\u{0}\u{1}\u{2}\n\u{7F}\n"), .success),
        HostileCase("CSV duplicate column names", dataset("a,a\n1,2\n"), .error("duplicate column name (also column 1)"), mayChange: ["reports/", ".folio/"]),
        HostileCase("CSV a 100,000-character cell", dataset("a,b\n" + String(repeating: "z", count: 100_000) + ",1\n"), .success),
        HostileCase("CSV a column named like HTML", dataset("<b>a</b>,b\n1,2\n"), .success, reportLacks: ["reports/a.md": ["<b>a</b>"]]),
        HostileCase("CSV a script in a cell reaches a table as text", ["notebooks/a.md": notebook("```{dataset} d\ndata: t.csv\ngroup: g\n```\n"),
                                                                      "t.csv": "g,x\n<script>alert(1)</script>,1\n<img src=x onerror=alert(2)>,2\n"],
                    command: .renderHTML, .success, reportContains: ["reports/a.md": "| \\<script>alert(1)\\</script> |"],
                    reportLacks: ["reports/a.html": ["<script", "<img src=x"]]),
        HostileCase("active HTML in prose and headings is not in the page",
                    ["notebooks/a.md": "# <script>alert(1)</script> Title\n\nText <img src=x onerror=alert(1)> and [link](javascript:alert(1)).\n\n<iframe src=\"https://evil.example\"></iframe>\n\n<div onclick=\"alert(1)\">x</div>\n"],
                    command: .renderHTML, .success, reportLacks: ["reports/a.html": ["<script", "onerror", "javascript:", "<iframe", "onclick"]]),
        HostileCase("a string result with HTML in prose", ["notebooks/a.md": "```{echo} e\nvalue: \"<script>alert(1)</script>\"\n```\n\nValue: {{ e.value }}.\n"],
                    command: .renderHTML, .success, reportLacks: ["reports/a.html": ["<script"]]),
        HostileCase("CSV is a folder", ["notebooks/a.md": notebook("```{dataset} d\ndata: t.csv\n```\n"), "t.csv/x": "1"], .error("is a folder, not a file"), mayChange: ["reports/", ".folio/"]),
        HostileCase("CSV missing", ["notebooks/a.md": notebook("```{dataset} d\ndata: nope.csv\n```\n")], .error("not found"), mayChange: ["reports/", ".folio/"]),
    ]

    // MARK: - 6. Templates

    static func summary(_ template: String) -> [String: String] {
        ["notebooks/a.md": notebook("```{summary}\ntemplate: t.mustache\n```\n"), "templates/t.mustache": template]
    }

    static let templateCases: [HostileCase] = [
        HostileCase("template missing", ["notebooks/a.md": notebook("```{summary}\ntemplate: none.mustache\n```\n")], .error("no template"), mayChange: ["reports/", ".folio/"]),
        HostileCase("template absolute path", ["notebooks/a.md": notebook("```{summary}\ntemplate: /etc/passwd\n```\n")], .error("inside templates/"), mayChange: ["reports/", ".folio/"]),
        HostileCase("template unclosed section", summary("{{#x}}never closed\n"), .error("templates/t.mustache:1:1"), mayChange: ["reports/", ".folio/"]),
        HostileCase("template value of nothing", summary("{{missing.value}}\n"), .error("missing"), mayChange: ["reports/", ".folio/"]),
        HostileCase("template partial", summary("{{> other}}\n"), .error("partials are not supported"), mayChange: ["reports/", ".folio/"]),
        HostileCase("template plain text", summary("Just text.\n"), .success, reportContains: ["reports/a.md": "Just text."]),
    ]

    // MARK: - 7. Checkpoints

    static func checkpoint(_ files: [String: String]) -> [String: String] {
        files.merging(["notebooks/a.md": notebook("```{evaluate} e\ndata: t.csv\nmodels: {m: {onnx: m.onnx}}\n```\n"),
                       "t.csv": "timestamp,symbol,label,f\n2024-01-01T00:00:00Z,A,1,0.5\n2024-01-01T01:00:00Z,A,0,0.1\n"]) { a, _ in a }
    }

    static let checkpointCases: [HostileCase] = [
        HostileCase("ONNX that is text", checkpoint(["m.onnx": "this is not a model\n"]), .error("checkpoint 'm' (m.onnx)"), mayChange: ["reports/", ".folio/"]),
        HostileCase("ONNX that is empty", checkpoint(["m.onnx": ""]), .error("checkpoint 'm' (m.onnx)"), mayChange: ["reports/", ".folio/"]),
        HostileCase("ONNX that is a link outside", checkpoint([:]), links: ["m.onnx": "@outside/secret.txt"], .error("outside the project"),
                    mayChange: ["reports/", ".folio/"]),
        HostileCase("ONNX run id with a path in it", ["notebooks/a.md": notebook("```{evaluate} e\ndata: t.csv\nmodels: {m: {run: \"../../outside\"}}\n```\n"),
                                                    "t.csv": "label,f\n1,0.5\n"],
                    .error("is not an MLflow run id"), mayChange: ["reports/", ".folio/"]),
    ]

    static let allCases = outputCases + readCases + decisionCases + structureCases + csvCases + templateCases + checkpointCases

    @Test func theSuiteIsLargeAndNamesAreUnique() {
        #expect(HostileInputTests.allCases.count >= 100)
        #expect(Set(HostileInputTests.allCases.map(\.name)).count == HostileInputTests.allCases.count)
    }

    @Test(.timeLimit(.minutes(5)), arguments: HostileInputTests.allCases)
    func hostileInput(_ hostile: HostileCase) async throws {
        try await hostile.run()
    }
}
