import Foundation

/// `folio check`: validates every notebook without computing (parameters, data paths and
/// columns) and reports every committed report that is out of date with its notebook, its
/// data or folio's version, from the hashes its last render recorded.
public struct Checker: Sendable {
    public let session: RenderSession

    public init(session: RenderSession) {
        self.session = session
    }

    public struct Summary: Sendable {
        public var diagnostics: [Diagnostic] = []
        public var notebooks = 0
        public var stale: [String] = []
        public var succeeded: Bool { !diagnostics.contains { $0.severity == .error } }
    }

    public func check(_ paths: [String]) -> Summary {
        var summary = Summary()
        let urls: [URL]
        do {
            urls = try session.notebookURLs(paths.isEmpty ? ["notebooks"] : paths)
        } catch {
            summary.diagnostics.append(error)
            return summary
        }
        let root = session.projectRoot
        let hasher = FileHasher(memoURL: root.appendingPathComponent(".folio/cache/files.json"), confinement: ProjectPaths(root: root))
        let services = RenderServices(projectRoot: root, hasher: hasher)
        let plan = session.plan(urls, services: services)
        summary.diagnostics += plan.diagnostics
        for entry in plan.notebooks {
            summary.notebooks += 1
            summary.diagnostics += entry.notebook.diagnostics
            let renderer = NotebookRenderer(notebook: entry.notebook, notebookURL: entry.url, registry: session.registry,
                                            services: services, data: DataStore(), cache: ResultCache(folder: nil), options: session.options)
            let resultsURL = NotebookRenderer.resultsURL(for: entry.report)
            let recorded: JSONObject? = {
                guard let text = try? String(contentsOf: resultsURL, encoding: .utf8),
                      case .object(let object)? = try? JSONValue(parsing: text) else { return nil }
                return object
            }()
            // Resolve references against the last recorded results: nothing is computed.
            var scope = Scope(params: .object(renderer.params), blocks: entry.notebook.blocks)
            if let recorded { for (key, value) in recorded.pairs where key != "_folio" { scope.results[key] = value } }
            var currentInputs: [String: String] = [:]
            var inputsByID: [String: [(String, String)]] = [:]
            var blockErrors = false
            for (index, block) in entry.notebook.blocks.enumerated() where block.parseError == nil {
                do throws(DirectiveError) {
                    let (directive, _, context) = try renderer.decode(block, index: index + 1, scope: scope, reportURL: entry.report,
                                                                       inputsByID: inputsByID)
                    try directive.validate(context: context)
                    var hashes: [(String, String)] = []
                    for input in directive.inputs {
                        let hash = try? hasher.hash(of: input.url)
                        currentInputs[context.displayPath(input.url)] = hash
                        if let hash { hashes.append((context.displayPath(input.url), hash)) }
                    }
                    if let id = block.id { inputsByID[id] = hashes + context.upstreamInputs.map { ($0.path, $0.sha256) } }
                    for reason in directive.staleness(context: context) {
                        summary.diagnostics.append(renderer.diagnostic(DirectiveError(reason, at: block.location), fallback: block.location))
                    }
                } catch {
                    blockErrors = true
                    summary.diagnostics.append(renderer.diagnostic(error, fallback: block.location))
                }
            }
            // Staleness.
            let reportPath = session.displayPath(entry.report)
            var reasons: [String] = []
            if !FileManager.default.fileExists(atPath: entry.report.path) {
                reasons.append("it has never been rendered")
            } else if case .object(let provenance)? = recorded?["_folio"] {
                if provenance["folio"]?.stringValue != Folio.version {
                    reasons.append("it was rendered by folio \(provenance["folio"]?.stringValue ?? "?"), this is \(Folio.version)")
                }
                if provenance["notebook_sha256"]?.stringValue != sha256Hex(entry.notebook.source) {
                    reasons.append("the notebook changed")
                }
                if !blockErrors, case .object(let inputs)? = provenance["inputs"] {
                    for (path, hash) in inputs.pairs {
                        guard let current = currentInputs[path] else {
                            if !FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path) {
                                reasons.append("\(path) is missing")
                            }
                            continue
                        }
                        if current != hash.stringValue { reasons.append("\(path) changed") }
                    }
                    for path in currentInputs.keys.sorted() where inputs[path] == nil {
                        reasons.append("it does not record \(path)")
                    }
                }
            } else {
                reasons.append("its results file \(session.displayPath(resultsURL)) is missing or unreadable")
            }
            if !reasons.isEmpty {
                summary.stale.append(reportPath)
                summary.diagnostics.append(Diagnostic(path: entry.notebook.path, location: SourceLocation(line: 1, column: 1),
                    message: "report \(reportPath) is out of date: \(reasons.joined(separator: "; ")); run `folio render \(entry.notebook.path)`"))
            }
        }
        hasher.save()
        return summary
    }
}
