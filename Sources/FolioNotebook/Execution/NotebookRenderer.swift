import Foundation

/// Renders one notebook: resolves each directive block's parameters against earlier
/// results, runs it or takes it from the cache, splices the fragments into the author's
/// text, and writes the report, its figures, its results and (optionally) its HTML page.
struct NotebookRenderer {
    let notebook: Notebook
    let notebookURL: URL
    let registry: DirectiveRegistry
    let services: RenderServices
    let data: DataStore
    let cache: ResultCache
    let options: RenderOptions

    /// What happened to one block.
    enum BlockStatus: Equatable { case ran, cached, failed }

    struct BlockRun {
        var block: DirectiveBlock
        var status: BlockStatus
        var seconds: Double
        var markdown: String
    }

    struct Outcome {
        var diagnostics: [Diagnostic] = []
        var blocks: [BlockRun] = []
        var reportURL: URL
        var results: JSONObject = JSONObject()
    }

    var projectRoot: URL { services.projectRoot }

    /// Where the report of a notebook goes: its front matter's `output`, else
    /// `reports/<path relative to notebooks/>`.
    static func reportURL(for notebook: Notebook, at url: URL, projectRoot: URL) -> URL {
        if let output = notebook.frontMatter.output {
            return (output.hasPrefix("/") ? URL(fileURLWithPath: output) : projectRoot.appendingPathComponent(output)).standardizedFileURL
        }
        let root = projectRoot.standardizedFileURL.path
        var relative = url.standardizedFileURL.path
        if relative.hasPrefix(root + "/") { relative = String(relative.dropFirst(root.count + 1)) }
        if relative.hasPrefix("notebooks/") { relative = String(relative.dropFirst("notebooks/".count)) }
        return projectRoot.appendingPathComponent("reports").appendingPathComponent(relative).standardizedFileURL
    }

    var dataRoot: URL {
        guard let data = notebook.frontMatter.data else { return projectRoot }
        return (data.hasPrefix("/") ? URL(fileURLWithPath: data) : projectRoot.appendingPathComponent(data)).standardizedFileURL
    }

    /// Front-matter params with `--param` overrides applied.
    var params: JSONObject {
        var params = notebook.frontMatter.params
        for (key, text) in options.paramOverrides {
            params[key] = ParamValue(.scalar(text, quoted: false), at: SourceLocation(line: 1, column: 1)).json
        }
        return params
    }

    func diagnostic(_ error: DirectiveError, fallback: SourceLocation, severity: Diagnostic.Severity = .error) -> Diagnostic {
        let location = error.location ?? fallback
        return Diagnostic(path: notebook.path, location: location, severity: severity, message: error.message,
                          sourceLine: notebook.line(location.line))
    }

    // MARK: - Running

    func render(progress: @Sendable (String) -> Void) -> Outcome {
        let reportURL = NotebookRenderer.reportURL(for: notebook, at: notebookURL, projectRoot: projectRoot)
        var outcome = Outcome(reportURL: reportURL)
        outcome.diagnostics = notebook.diagnostics
        var scope = Scope(params: .object(params), blocks: notebook.blocks)
        var inputHashes: [(String, String)] = []
        var inputsByID: [String: [(String, String)]] = [:]
        var figures: [Figure] = []

        for (index, block) in notebook.blocks.enumerated() {
            let start = ContinuousClock.now
            var status = BlockStatus.ran
            var markdown: String
            do throws(DirectiveError) {
                if let parseError = block.parseError { throw DirectiveError(parseError, at: block.location) }
                let prepared = try prepare(block, index: index + 1, scope: scope, reportURL: reportURL, inputsByID: inputsByID)
                if let id = block.id { inputsByID[id] = prepared.inputHashes + prepared.context.upstreamInputs.map { ($0.path, $0.sha256) } }
                for (path, hash) in prepared.inputHashes where !inputHashes.contains(where: { $0.0 == path }) {
                    inputHashes.append((path, hash))
                }
                var output: DirectiveOutput
                if options.useCache, type(of: prepared.directive).isCacheable, let cached = cache.load(prepared.cacheKey) {
                    output = cached
                    status = .cached
                } else {
                    output = try prepared.directive.run(context: prepared.context)
                    cache.store(output, key: prepared.cacheKey)
                }
                for warning in output.warnings {
                    outcome.diagnostics.append(diagnostic(DirectiveError(warning, at: block.location), fallback: block.location, severity: .warning))
                }
                if let id = block.id {
                    scope.results[id] = output.result
                    outcome.results[id] = output.result
                }
                figures += output.figures
                markdown = output.markdown
            } catch {
                status = .failed
                let diag = diagnostic(error, fallback: block.location)
                outcome.diagnostics.append(diag)
                if let id = block.id { scope.failed.insert(id) }
                markdown = NotebookRenderer.callout(for: block, diagnostic: diag)
            }
            let seconds = (ContinuousClock.now - start).seconds
            outcome.blocks.append(BlockRun(block: block, status: status, seconds: seconds, markdown: markdown))
            if !options.quiet {
                let label = status == .ran ? "ran   " : status == .cached ? "cached" : "FAILED"
                progress("  \(label) \(block.label.padding(toLength: 28, withPad: " ", startingAt: 0)) \(String(format: "%7.3f", seconds))s")
            }
        }

        // Splice and write.
        var proseDiagnostics: [Diagnostic] = []
        let body = splice(blocks: outcome.blocks, scope: scope, diagnostics: &proseDiagnostics)
        outcome.diagnostics += proseDiagnostics
        let header = "<!-- Generated by folio from \(notebook.path). Edit the notebook, not this report. -->\n"
        let report = header + body

        var provenance = JSONObject()
        provenance["folio"] = .string(Folio.version)
        provenance["notebook"] = .string(notebook.path)
        provenance["notebook_sha256"] = .string(sha256Hex(notebook.source))
        if !options.paramOverrides.isEmpty {
            provenance["params"] = .object(params)
        }
        provenance["inputs"] = .object(JSONObject(inputHashes.sorted { $0.0 < $1.0 }.map { ($0.0, JSONValue.string($0.1)) }))
        var resultsFile = JSONObject()
        resultsFile["_folio"] = .object(provenance)
        for (key, value) in outcome.results.pairs { resultsFile[key] = value }

        do {
            let figuresFolder = reportURL.deletingLastPathComponent().appendingPathComponent("figures")
            for figure in figures {
                try AtomicFile.write(figure.svg, to: figuresFolder.appendingPathComponent(figure.fileName))
            }
            removeStaleFigures(in: figuresFolder, keeping: Set(figures.map(\.fileName)), reportName: reportURL.deletingPathExtension().lastPathComponent)
            try AtomicFile.write(report, to: reportURL)
            try AtomicFile.write(JSONValue.object(resultsFile).serialized(), to: NotebookRenderer.resultsURL(for: reportURL))
            if options.html {
                let html = HTMLExporter.page(markdown: report, title: notebook.frontMatter.title ?? reportURL.deletingPathExtension().lastPathComponent,
                                             figures: Dictionary(figures.map { ("figures/\($0.fileName)", $0.svg) }, uniquingKeysWith: { a, _ in a }))
                try AtomicFile.write(html, to: reportURL.deletingPathExtension().appendingPathExtension("html"))
            }
        } catch {
            outcome.diagnostics.append(Diagnostic(path: notebook.path, location: SourceLocation(line: 1, column: 1),
                                                  message: "cannot write the report \(reportURL.path): \(error.localizedDescription)"))
        }
        services.publish(report: reportURL.deletingPathExtension().lastPathComponent, results: .object(outcome.results))
        return outcome
    }

    static func resultsURL(for reportURL: URL) -> URL {
        reportURL.deletingPathExtension().appendingPathExtension("results.json")
    }

    /// Deletes figures of this report left from an earlier render whose blocks no longer
    /// produce them (file names start with `<report>-`).
    private func removeStaleFigures(in folder: URL, keeping: Set<String>, reportName: String) {
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return }
        for file in files where file.hasPrefix("\(reportName)-") && file.hasSuffix(".svg") && !keeping.contains(file) {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(file))
        }
    }

    /// A GFM alert that takes the place of a failed block.
    static func callout(for block: DirectiveBlock, diagnostic: Diagnostic) -> String {
        let lines = diagnostic.message.split(separator: "\n", omittingEmptySubsequences: false)
        var text = "> [!CAUTION]\n> **`\(block.label)` failed** at `\(diagnostic.path):\(diagnostic.location.line):\(diagnostic.location.column)`\n>\n"
        for line in lines { text += "> \(line)\n" }
        return text
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
