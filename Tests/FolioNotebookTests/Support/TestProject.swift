import Foundation
@testable import FolioNotebook

/// A throwaway project folder with notebooks and data, rendered with a registry of test
/// directives (plus the standard ones).
struct TestProject {
    let root: URL

    init(_ files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("folio-test-\(UUID().uuidString)").standardizedFileURL
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (path, text) in files { try write(path, text) }
    }

    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path)
    }

    static var registry: DirectiveRegistry {
        var registry = DirectiveRegistry.standard
        registry.register(SumDirective.self)
        registry.register(EchoDirective.self)
        return registry
    }

    func render(_ paths: [String] = [], options: RenderOptions = RenderOptions(quiet: true)) async -> RenderSession.Summary {
        await RenderSession(projectRoot: root, registry: TestProject.registry, options: options).render(paths)
    }

    func check(_ paths: [String] = []) -> Checker.Summary {
        Checker(session: RenderSession(projectRoot: root, registry: TestProject.registry, options: RenderOptions(quiet: true))).check(paths)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

/// `{sum}`: adds the numbers of a text file (one per line). Counts its runs so tests can
/// tell a cache hit from a run.
struct SumDirective: Directive {
    static let name = "sum"
    static let summary = "Adds the numbers in a file (test directive)."
    static let parameters = [
        ParameterSpec("file", "path", required: true, "A file of numbers, one per line."),
        ParameterSpec("scale", "number", default: "1", "Multiplies the sum."),
    ]
    static let resultKeys = [ResultKeySpec("total", "The scaled sum."), ResultKeySpec("count", "Numbers read.")]

    /// Runs per project root (suites run in parallel, so counts are kept apart).
    nonisolated(unsafe) private static var runsByProject: [String: Int] = [:]
    static let lock = NSLock()

    static func runs(in project: TestProject) -> Int {
        lock.lock(); defer { lock.unlock() }
        return runsByProject[project.root.path] ?? 0
    }

    let url: URL
    let scale: Double
    let location: SourceLocation

    init(parameters: ParameterReader, context: DirectiveContext) throws(DirectiveError) {
        location = parameters.location(of: "file")
        url = try context.resolveDataPath(parameters.requiredString("file"), at: location)
        scale = try parameters.double("scale", default: 1)
    }

    var inputs: [DataInput] { [DataInput(url: url, location: location)] }

    func run(context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        SumDirective.lock.lock(); SumDirective.runsByProject[context.projectRoot.path, default: 0] += 1; SumDirective.lock.unlock()
        let text: String = try context.load(url, as: "text") { try String(contentsOf: url, encoding: .utf8) }
        let numbers = text.split(whereSeparator: \.isNewline).compactMap { Double($0) }
        let total = numbers.reduce(0, +) * scale
        return DirectiveOutput(result: ["total": .number(total), "count": .int(numbers.count)],
                               markdown: "Total: \(JSONValue.format(total))\n")
    }
}

/// `{echo}`: returns its parameters as its result.
struct EchoDirective: Directive {
    static let name = "echo"
    static let summary = "Returns its parameters (test directive)."
    static let parameters = [
        ParameterSpec("value", "any", "Any value."),
        ParameterSpec("label", "text", "A label."),
        ParameterSpec("figure", "bool", default: "false", "Also write a figure."),
    ]
    static let resultKeys: [ResultKeySpec] = []

    let value: JSONValue
    let label: String?
    let figure: Bool

    init(parameters: ParameterReader, context: DirectiveContext) throws(DirectiveError) {
        value = parameters.value("value")?.json ?? .null
        label = try parameters.string("label")
        figure = try parameters.bool("figure", default: false)
    }

    var inputs: [DataInput] { [] }

    func run(context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        var markdown = "Echo: \(value.inlineText(format: nil))\(label.map { " (\($0))" } ?? "")\n"
        var figures: [Figure] = []
        if figure {
            let (link, fig) = context.figure("dot", svg: "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><circle cx=\"5\" cy=\"5\" r=\"4\"/></svg>\n", alt: "a dot")
            markdown += "\n\(link)\n"
            figures.append(fig)
        }
        return DirectiveOutput(result: ["value": value, "label": label.map(JSONValue.string) ?? .null], markdown: markdown, figures: figures)
    }
}
