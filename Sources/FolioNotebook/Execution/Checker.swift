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
        /// Why each stale report is out of date, by report path.
        public var staleReasons: [String: [String]] = [:]
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
        let hasher = FileHasher(memoURL: CacheFolders(projectRoot: root).results?.appendingPathComponent("files.tsv"), confinement: ProjectPaths(root: root))
        let services = RenderServices(projectRoot: root, hasher: hasher,
                                      environment: session.options.environment ?? ProcessInfo.processInfo.environment)
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
            // Only ids the notebook still defines: a result recorded for a block since
            // removed must not make a reference to it look valid.
            var scope = Scope(params: .object(renderer.params), blocks: entry.notebook.blocks)
            let ids = Set(entry.notebook.blocks.compactMap(\.id))
            if let recorded { for (key, value) in recorded.pairs where ids.contains(key) { scope.results[key] = value } }
            var currentInputs: [String: String] = [:]
            var inputsByID: [String: [(String, String)]] = [:]
            var blockErrors = false
            for (index, block) in entry.notebook.blocks.enumerated() where block.parseError == nil {
                do throws(DirectiveError) {
                    let decoded: (directive: any Directive, resolved: ParamValue, context: DirectiveContext)
                    do throws(DirectiveError) {
                        decoded = try renderer.decode(block, index: index + 1, scope: scope, reportURL: entry.report, inputsByID: inputsByID)
                    } catch {
                        throw block.unclosedFence.map { NotebookRenderer.unclosedFenceError(block, fence: $0) } ?? error
                    }
                    let (directive, context) = (decoded.directive, decoded.context)
                    try directive.validate(context: context)
                    var hashes: [(String, String)] = []
                    for input in directive.inputs {
                        let hash = try? hasher.hash(of: input.url)
                        currentInputs[context.displayPath(input.url)] = hash
                        if let hash { hashes.append((context.displayPath(input.url), hash)) }
                    }
                    if let id = block.id { inputsByID[id] = hashes + context.upstreamInputs.map { ($0.path, $0.sha256) } }
                    if let fence = block.unclosedFence { summary.diagnostics.append(renderer.unclosedFenceWarning(block, fence: fence)) }
                    for reason in directive.staleness(context: context) {
                        summary.diagnostics.append(renderer.diagnostic(DirectiveError(reason, at: block.location), fallback: block.location))
                    }
                    for reminder in directive.reminders(context: context) {
                        summary.diagnostics.append(renderer.diagnostic(reminder, fallback: block.location, severity: .warning))
                    }
                } catch {
                    blockErrors = true
                    summary.diagnostics += renderer.diagnostics(error, fallback: block.location)
                }
            }
            summary.diagnostics += checkProse(renderer: renderer, scope: scope, resultsPath: session.displayPath(resultsURL))
            summary.diagnostics += checkNeeds(entry.notebook, services: services)
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
                summary.staleReasons[reportPath] = reasons
                summary.diagnostics.append(Diagnostic(path: entry.notebook.path, location: SourceLocation(line: 1, column: 1),
                    message: "report \(reportPath) is out of date: \(reasons.joined(separator: "; ")); run `folio render \(entry.notebook.path)`"))
            }
        }
        hasher.save()
        return summary
    }

    /// The `{{ }}` references in the notebook's prose, checked without computing: the id
    /// exists, the path exists in the result recorded at the last render (or, for a block
    /// without a recorded result, is one the directive documents), the format is valid.
    func checkProse(renderer: NotebookRenderer, scope: Scope, resultsPath: String) -> [Diagnostic] {
        var errors: [DirectiveError] = []
        for segment in renderer.proseSegments {
            let scanned = InlineExpression.scanAll(Substring(segment.text), origin: SourceLocation(line: segment.line, column: 1))
            for reference in scanned.references {
                let expression: InlineExpression
                switch reference.parsed {
                case .success(let parsed): expression = parsed
                case .failure(let error): errors.append(error); continue
                }
                if let error = checkReference(expression, scope: scope, registry: renderer.registry, resultsPath: resultsPath) {
                    errors.append(error)
                }
            }
            if let unclosed = scanned.unclosed { errors.append(unclosed) }
        }
        return errors.map { renderer.diagnostic($0, fallback: SourceLocation(line: 1, column: 1)) }
    }

    /// Why `expression` would not resolve when the notebook renders, or `nil`. A formula is
    /// checked path by path, then evaluated when every block it reads has recorded results.
    func checkReference(_ expression: InlineExpression, scope: Scope, registry: DirectiveRegistry, resultsPath: String) -> DirectiveError? {
        var unrendered = false
        for read in expression.paths {
            let head = read.path[0]
            if head != "params", scope.results[head] == nil, let block = scope.blocks.first(where: { $0.id == head }) {
                // Defined but not rendered yet (or failed last time): the directive's documented keys.
                unrendered = true
                guard let type = registry[block.name], !type.resultKeys.isEmpty, read.path.count > 1 else { continue }
                let keys = read.path.dropFirst()
                guard !type.resultKeys.contains(where: { $0.documents(keys) }) else { continue }
                let documented = ResultKeySpec.topLevelKeys(type.resultKeys)
                return DirectiveError("no '\(keys.joined(separator: "."))' in the results of \(block.label)\(Suggestion.hint(for: keys.first!, in: documented)); "
                                      + "its results have: \(documented.joined(separator: ", ")) (see `folio directives \(block.name)`)",
                                      at: read.location)
            }
        }
        if unrendered {
            // Paths into blocks without results cannot be read; check the others alone.
            for read in expression.paths where read.path[0] == "params" || scope.results[read.path[0]] != nil || !scope.blocks.contains(where: { $0.id == read.path[0] }) {
                do throws(DirectiveError) { _ = try scope.resolve(path: read.path, at: read.location) } catch { return recorded(error, head: read.path[0], scope: scope, resultsPath: resultsPath) }
            }
            return nil
        }
        do throws(DirectiveError) {
            _ = try scope.resolve(expression)
            return nil
        } catch {
            return recorded(error, head: expression.path[0], scope: scope, resultsPath: resultsPath)
        }
    }

    /// `error`, saying where the results it was read from are recorded.
    private func recorded(_ error: DirectiveError, head: String, scope: Scope, resultsPath: String) -> DirectiveError {
        guard head != "params", scope.results[head] != nil else { return error }
        return DirectiveError("\(error.message) (results recorded in \(resultsPath))", at: error.location)
    }

    /// Front matter `needs:` names that no report of the render and no
    /// `reports/**/NAME.results.json` answers.
    func checkNeeds(_ notebook: Notebook, services: RenderServices) -> [Diagnostic] {
        let known = services.reportNames
        return zip(notebook.frontMatter.needs, notebook.frontMatter.needsLocations).compactMap { name, location in
            guard !known.contains(name) else { return nil }
            return Diagnostic(path: notebook.path, location: location,
                              message: "'needs': no report '\(name)'\(Suggestion.hint(for: name, in: known)): no notebook writes it and no reports/**/\(name).results.json exists",
                              sourceLine: notebook.line(location.line))
        }
    }
}
