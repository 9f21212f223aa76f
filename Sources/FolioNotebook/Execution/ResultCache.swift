import Foundation

/// Directive results cached under `.folio/cache/<key>.json`, keyed by a hash of
/// everything a block's output depends on (see `NotebookRenderer.cacheKey`).
struct ResultCache: Sendable {
    let folder: URL?

    /// A cache that stores nothing (for `--no-cache` runs, results are still written so
    /// that the next warm render finds them).
    init(folder: URL?) { self.folder = folder }

    func load(_ key: String) -> DirectiveOutput? {
        guard let folder, let text = try? String(contentsOf: folder.appendingPathComponent("\(key).json"), encoding: .utf8),
              case .object(let object)? = try? JSONValue(parsing: text),
              let result = object["result"], case .string(let markdown)? = object["markdown"],
              case .array(let figureList)? = object["figures"] else { return nil }
        var figures: [Figure] = []
        for item in figureList {
            guard case .object(let f) = item, case .string(let name)? = f["file"], case .string(let svg)? = f["svg"] else { return nil }
            figures.append(Figure(fileName: name, svg: svg))
        }
        let warnings: [String]
        if case .array(let list)? = object["warnings"] { warnings = list.compactMap(\.stringValue) } else { warnings = [] }
        return DirectiveOutput(result: result, markdown: markdown, figures: figures, warnings: warnings)
    }

    func store(_ output: DirectiveOutput, key: String) {
        guard let folder else { return }
        let entry: JSONValue = .object(JSONObject([
            ("result", output.result),
            ("markdown", .string(output.markdown)),
            ("figures", .array(output.figures.map { .object(JSONObject([("file", .string($0.fileName)), ("svg", .string($0.svg))])) })),
            ("warnings", .strings(output.warnings)),
        ]))
        _ = try? AtomicFile.write(entry.compact(), to: folder.appendingPathComponent("\(key).json"))
    }
}
