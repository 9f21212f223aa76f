import Foundation
import Mustache

/// `{summary}`: renders a Mustache template from `templates/` over the results of every
/// rendered report, for executive summaries and stakeholder emails.
public struct SummaryDirective: Directive {
    public static let name = "summary"
    public static let summary = "Render a Mustache template from templates/ with the results of any report."
    public static let parameters = [
        ParameterSpec("template", "file name", required: true, "A template in templates/, e.g. executive_summary.mustache."),
    ]
    public static let resultKeys = [
        ResultKeySpec("template", "The template's path."),
        ResultKeySpec("reports", "The reports the template read."),
    ]
    public static let details = """
    Values are addressed as {{REPORT.ID.path}}, where REPORT is a report's file name without
    .md (e.g. threshold_strategy) and ID a directive id in it. A report whose results the
    template reads renders first. Numbers render as in prose; transforms format them:
    f0-f6 (fixed decimals), pct, pct0-pct2 (percent), int, comma (thousands), signed,
    e.g. {{f3(test_set_evaluation.eval.mlp.f1)}}. Sections iterate lists and enter objects.
    Text is inserted as written (no HTML escaping). A name that resolves to nothing is an
    error at the template's line and column, never a blank; every such name, every section
    left open and every name of a report not rendered yet is listed. `folio check` checks
    the template the same way against the results recorded at the last render.
    """

    let templateURL: URL
    let location: SourceLocation
    let reports: [String]
    let resultInputs: [URL]

    public init(parameters: ParameterReader, context: DirectiveContext) throws(DirectiveError) {
        location = parameters.location(of: "template")
        let name = try parameters.requiredString("template")
        guard !name.contains(".."), !name.hasPrefix("/") else {
            throw parameters.error("template", "give a file name inside templates/")
        }
        templateURL = context.services.templatesURL.appendingPathComponent(name).standardizedFileURL
        try context.services.paths.confineRead(templateURL, at: location)
        guard FileManager.default.fileExists(atPath: templateURL.path) else {
            let available = (try? FileManager.default.contentsOfDirectory(atPath: context.services.templatesURL.path))?.sorted() ?? []
            throw parameters.error("template", "no template \(context.displayPath(templateURL))\(Suggestion.hint(for: name, in: available))")
        }
        reports = SummaryDirective.reportNames(in: templateURL, known: context.services.reportNames)
        resultInputs = reports.compactMap { context.services.resultsURL(ofReport: $0) }
    }

    /// The known report names that the template's tags start with.
    static func reportNames(in url: URL, known: [String]) -> [String] {
        guard let text = try? String(contentsOf: url, encoding: .utf8),
              let tags = try? TemplateChecker.tags(in: text) else { return [] }
        var names = Set<String>()
        for tag in tags {
            let path = TemplateChecker.splitTransform(tag.name).path
            if let head = path.split(separator: ".").first.map(String.init), known.contains(head) { names.insert(head) }
        }
        return names.sorted()
    }

    public static var readsOtherReports: Bool { true }

    public static func reportsRead(parameters: ParameterReader, services: RenderServices) -> [String] {
        guard let name = try? parameters.string("template") else { return [] }
        let url = services.templatesURL.appendingPathComponent(name)
        guard services.paths.readRefusal(url) == nil else { return [] }
        return reportNames(in: url, known: services.reportNames)
    }

    public var inputs: [DataInput] {
        [DataInput(url: templateURL, location: location)] + resultInputs.map { DataInput(url: $0, location: location) }
    }

    /// The transforms a template may use.
    static let transforms = MustacheNumber.transformNames + ["first", "last", "count", "empty", "reversed", "uppercased", "lowercased", "capitalized"]

    /// The template's text and the data it renders over: every other report's results.
    /// Also the names of reports known but without results (never rendered).
    func templateAndData(context: DirectiveContext) throws(DirectiveError) -> (text: String, root: JSONValue, unrendered: Set<String>) {
        let text: String
        do { text = try String(contentsOf: templateURL, encoding: .utf8) } catch {
            throw DirectiveError("cannot read \(context.displayPath(templateURL)): \(error.localizedDescription)", at: location)
        }
        var root = JSONObject()
        var unrendered = Set<String>()
        for name in context.services.reportNames where name != context.reportName {
            if let results = context.services.results(ofReport: name) { root[name] = results } else { unrendered.insert(name) }
        }
        return (text, .object(root), unrendered)
    }

    /// Every name of the template that reads a missing value or report, every unknown
    /// transform and every section not closed, from the results recorded at the last
    /// render (for `folio check`; nothing is rendered). One error per problem, at the
    /// `template` parameter, each naming the template's line and column.
    public func validate(context: DirectiveContext) throws(DirectiveError) {
        guard FileManager.default.fileExists(atPath: templateURL.path) else {
            throw DirectiveError("file not found: \(context.displayPath(templateURL))", at: location)
        }
        let (text, root, unrendered) = try templateAndData(context: context)
        try checkTemplate(text, root: root, unrendered: unrendered, display: context.displayPath(templateURL))
    }

    /// Throws every problem of the template over `root`, each located in the template.
    func checkTemplate(_ text: String, root: JSONValue, unrendered: Set<String>, display: String) throws(DirectiveError) {
        let problems: [TemplateChecker.Problem]
        do {
            problems = try TemplateChecker.problems(in: text, root: root, knownTransforms: Self.transforms, unrendered: unrendered)
        } catch {
            problems = [error]
        }
        let errors = problems.map { DirectiveError("\(display):\($0.line):\($0.column): \($0.message)", at: location) }
        if let error = DirectiveError(collecting: errors) { throw error }
    }

    public func run(context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        let display = context.displayPath(templateURL)
        let (text, data, unrendered) = try templateAndData(context: context)
        guard case .object(let root) = data else { throw DirectiveError("internal error: template data is not an object", at: location) }
        try checkTemplate(text, root: data, unrendered: unrendered, display: display)
        let template: MustacheTemplate
        do {
            // The pragma on the same line keeps the template's line numbers.
            template = try MustacheTemplate(string: MarkdownContentType.pragma + text)
        } catch let error as MustacheTemplate.ParserError {
            let column = error.context.lineNumber == 1
                ? max(1, error.context.columnNumber - MarkdownContentType.pragma.count) : error.context.columnNumber
            throw DirectiveError("\(display):\(error.context.lineNumber):\(column): \(error.error)", at: location)
        } catch {
            throw DirectiveError("\(display): \(error)", at: location)
        }
        let rendered = template.render(JSONValue.object(root).mustacheValue)
        let result: JSONValue = ["template": .string(display), "reports": .strings(reports)]
        return DirectiveOutput(result: result, markdown: rendered.hasSuffix("\n") ? rendered : rendered + "\n")
    }
}
