import FolioCompute
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
        /// Whether the report and its files were written (or already held these bytes).
        var written = true
        /// Errors of blocks that still rendered (claims that do not hold).
        var failures = 0
        /// Every block's declared inputs (files, folders, database URLs).
        var inputURLs: [URL] = []
        /// Files outside the report that blocks keep in step (`DirectiveOutput.effects`).
        var effectURLs: [URL] = []
        /// The figure files written, by name.
        var figureNames: [String] = []
        /// Whether rendering again with the same text, inputs and reports read would give
        /// the same files: every block ran or came from the cache, each one's output
        /// follows from its inputs alone (`Directive.followsFromInputs`), and nothing was
        /// diagnosed. Only then is a ``NotebookStamp`` recorded.
        var stampable = false
        /// Whether the notebook was left alone because its stamp held.
        var unchanged = false
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

    /// The error for a block whose fence is never closed and whose body (every later
    /// line of the notebook) does not decode: the YAML or parameter error it would show
    /// instead points into the prose, far from the cause.
    static func unclosedFenceError(_ block: DirectiveBlock, fence: String) -> DirectiveError {
        DirectiveError("the code fence of \(block.label) is not closed: add a line '\(fence)' after its parameters", at: block.location)
    }

    /// The warning for a block whose fence is never closed but whose body decodes.
    func unclosedFenceWarning(_ block: DirectiveBlock, fence: String) -> Diagnostic {
        diagnostic(DirectiveError("the code fence of \(block.label) is not closed, so it runs to the end of the notebook: add a line '\(fence)' after its parameters",
                                  at: block.location), fallback: block.location, severity: .warning)
    }

    /// One diagnostic for `error` and one for each of its ``DirectiveError/others``.
    func diagnostics(_ error: DirectiveError, fallback: SourceLocation) -> [Diagnostic] {
        error.all.map { diagnostic($0, fallback: fallback) }
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

        // Blocks run in waves: a block waits for the earlier blocks whose results its
        // parameters reference; blocks of one wave run concurrently. Outcomes are applied in
        // document order, so the report does not depend on timing.
        let waves = NotebookRenderer.waves(for: notebook.blocks, registry: registry)
        var runs = [BlockOutcome?](repeating: nil, count: notebook.blocks.count)
        for wave in waves {
            let snapshot = scope
            let inputsSnapshot = inputsByID
            let slots = ConcurrentSlots([BlockOutcome?](repeating: nil, count: wave.count))
            // On threads of their own, so that each block's parallel loops get every core.
            ParallelLoop.runOnOwnThreads(iterations: wave.count) { k in
                let index = wave[k]
                var visible = snapshot
                // Only results of earlier blocks are visible, as in document order.
                for later in notebook.blocks[(index + 1)...] { if let id = later.id { visible.results[id] = nil } }
                slots.set(k, runBlock(index: index, scope: visible, inputsByID: inputsSnapshot, reportURL: reportURL))
            }
            for (k, index) in wave.enumerated() {
                guard let run = slots.value[k] else { continue }
                runs[index] = run
                let block = notebook.blocks[index]
                if let id = block.id {
                    if let result = run.output?.result {
                        scope.results[id] = result
                        outcome.results[id] = result
                    } else {
                        scope.failed.insert(id)
                    }
                    inputsByID[id] = run.inputHashes + run.upstream
                }
            }
        }
        outcome.stampable = runs.allSatisfy { $0?.followsFromInputs == true && $0?.status != .failed }
        for (index, block) in notebook.blocks.enumerated() {
            guard let run = runs[index] else { continue }
            for url in run.inputURLs where !outcome.inputURLs.contains(url) { outcome.inputURLs.append(url) }
            for (path, hash) in run.inputHashes where !inputHashes.contains(where: { $0.0 == path }) {
                inputHashes.append((path, hash))
            }
            var markdown: String
            if let output = run.output {
                if let fence = block.unclosedFence { outcome.diagnostics.append(unclosedFenceWarning(block, fence: fence)) }
                for warning in output.warnings {
                    outcome.diagnostics.append(diagnostic(DirectiveError(warning, at: block.location), fallback: block.location, severity: .warning))
                }
                outcome.failures += output.failures.count
                for failure in output.failures {
                    outcome.diagnostics.append(diagnostic(DirectiveError(failure, at: block.location), fallback: block.location))
                }
                figures += output.figures
                markdown = output.markdown
                for url in output.effects where !outcome.effectURLs.contains(url) { outcome.effectURLs.append(url) }
                if !output.repeatable { outcome.stampable = false }
            } else {
                outcome.diagnostics += run.diagnostics
                markdown = NotebookRenderer.callout(for: block, diagnostics: run.diagnostics)
            }
            outcome.blocks.append(BlockRun(block: block, status: run.status, seconds: run.seconds, markdown: markdown))
            if !options.quiet {
                let label = run.status == .ran ? "ran   " : run.status == .cached ? "cached" : "FAILED"
                progress("  \(label) \(block.label.padding(toLength: 28, withPad: " ", startingAt: 0)) \(String(format: "%7.3f", run.seconds))s")
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

        outcome.figureNames = figures.map(\.fileName)
        outcome.stampable = outcome.stampable && outcome.diagnostics.isEmpty && outcome.failures == 0
        outcome.written = write(report: report, results: JSONValue.object(resultsFile).serialized(), figures: figures,
                                to: reportURL, diagnostics: &outcome.diagnostics)
        services.publish(report: reportURL.deletingPathExtension().lastPathComponent, results: .object(outcome.results))
        return outcome
    }

    /// Writes the report, its results, figures and page, each atomically; refuses (unless
    /// `--force`) to replace a file folio did not write. Returns whether everything was written.
    func write(report: String, results: String, figures: [Figure], to reportURL: URL, diagnostics: inout [Diagnostic]) -> Bool {
        let location = notebook.frontMatter.outputLocation ?? SourceLocation(line: 1, column: 1)
        func fail(_ message: String) -> Bool {
            diagnostics.append(Diagnostic(path: notebook.path, location: location, message: message, sourceLine: notebook.line(location.line)))
            return false
        }
        let paths = services.paths
        let figuresFolder = NotebookRenderer.figuresFolder(of: reportURL)
        let resultsURL = NotebookRenderer.resultsURL(for: reportURL)
        let pageURL = reportURL.deletingPathExtension().appendingPathExtension("html")
        // Checked again here, not only when planning: a folder could have become a link.
        if let refusal = paths.writeRefusal(forFolder: reportURL.deletingLastPathComponent())
            ?? (figures.isEmpty ? nil : paths.writeRefusal(forFolder: figuresFolder)) {
            return fail("cannot write the report: \(refusal)")
        }
        var targets: [(URL, GeneratedFile.Kind)] = [(reportURL, .report), (resultsURL, .results)]
        if options.html { targets.append((pageURL, .page)) }
        targets += figures.map { (figuresFolder.appendingPathComponent($0.fileName), .figure) }
        if !options.force {
            for (url, kind) in targets {
                if let reason = GeneratedFile.foreignReason(at: url, kind: kind, shown: paths.display(url)) {
                    return fail("\(reason); folio will not replace it. Move it away, give the notebook another `output`, or render with --force")
                }
            }
        }
        do throws(AtomicFile.WriteError) {
            for figure in figures {
                let url = figuresFolder.appendingPathComponent(figure.fileName)
                do { try AtomicFile.write(figure.svg, to: url) } catch { throw error.shown(as: paths.display(url)) }
            }
            removeStaleFigures(keeping: Set(figures.map(\.fileName)), reportURL: reportURL)
            do { try AtomicFile.write(report, to: reportURL) } catch { throw error.shown(as: paths.display(reportURL)) }
            do { try AtomicFile.write(results, to: resultsURL) } catch { throw error.shown(as: paths.display(resultsURL)) }
            if options.html {
                let html = HTMLExporter.page(markdown: report, title: notebook.frontMatter.title ?? reportURL.deletingPathExtension().lastPathComponent,
                                             figures: Dictionary(figures.map { ("figures/\($0.fileName)", $0.svg) }, uniquingKeysWith: { a, _ in a }),
                                             links: ReportLinks(folder: pageURL.deletingLastPathComponent().standardizedFileURL, reports: services.reportPaths))
                do { try AtomicFile.write(html, to: pageURL) } catch { throw error.shown(as: paths.display(pageURL)) }
            }
        } catch {
            return fail("cannot write the report: \(error)")
        }
        return true
    }

    /// What running one block gave.
    struct BlockOutcome: Sendable {
        var status: BlockStatus
        var seconds: Double
        var output: DirectiveOutput?
        /// Why the block failed (every problem found), empty when it did not.
        var diagnostics: [Diagnostic] = []
        var inputHashes: [(String, String)] = []
        var upstream: [(String, String)] = []
        /// The block's declared inputs.
        var inputURLs: [URL] = []
        /// `Directive.followsFromInputs` of the decoded block; `false` when it did not decode.
        var followsFromInputs = false
    }

    /// Prepares and runs (or takes from the cache) the block at `index`.
    func runBlock(index: Int, scope: Scope, inputsByID: [String: [(String, String)]], reportURL: URL) -> BlockOutcome {
        let block = notebook.blocks[index]
        let start = ContinuousClock.now
        var outcome = BlockOutcome(status: .ran, seconds: 0)
        do throws(DirectiveError) {
            if let parseError = block.parseError { throw DirectiveError(parseError, at: block.location) }
            let prepared: Prepared
            do throws(DirectiveError) {
                prepared = try prepare(block, index: index + 1, scope: scope, reportURL: reportURL, inputsByID: inputsByID)
            } catch {
                throw block.unclosedFence.map { NotebookRenderer.unclosedFenceError(block, fence: $0) } ?? error
            }
            outcome.inputHashes = prepared.inputHashes
            outcome.inputURLs = prepared.directive.inputs.map(\.url)
            outcome.followsFromInputs = prepared.directive.followsFromInputs
            outcome.upstream = prepared.context.upstreamInputs.map { ($0.path, $0.sha256) }
            if options.useCache, prepared.directive.usesResultCache, let cached = cache.load(prepared.cacheKey) {
                outcome.output = cached
                outcome.status = .cached
            } else {
                let output = try prepared.directive.run(context: prepared.context)
                cache.store(output, key: prepared.cacheKey)
                outcome.output = output
            }
            if outcome.output?.figures.isEmpty == false,
               let clash = NotebookRenderer.figureClash(prefix: prepared.context.figurePrefix, block: block, reportURL: reportURL, services: services) {
                throw DirectiveError(clash, at: block.location)
            }
        } catch {
            outcome.output = nil
            outcome.status = .failed
            outcome.diagnostics = diagnostics(error, fallback: block.location)
        }
        outcome.seconds = (ContinuousClock.now - start).seconds
        return outcome
    }

    /// Block indices grouped into waves: each block comes after every earlier block whose
    /// id its body references.
    static func waves(for blocks: [DirectiveBlock], registry: DirectiveRegistry = .standard) -> [[Int]] {
        var level = [Int](repeating: 0, count: blocks.count)
        for (i, block) in blocks.enumerated() {
            let readsAll = registry[block.name]?.readsEarlierResults == true
            let referenced = Set(((try? InlineExpression.scan(Substring(block.body), origin: block.bodyOrigin)) ?? []).flatMap { $0.expression.paths.map { $0.path[0] } })
            for j in 0..<i where readsAll || blocks[j].id.map(referenced.contains) == true {
                level[i] = max(level[i], level[j] + 1)
            }
        }
        let depth = (level.max() ?? -1) + 1
        return (0..<depth).map { d in blocks.indices.filter { level[$0] == d } }
    }

    static func resultsURL(for reportURL: URL) -> URL {
        reportURL.deletingPathExtension().appendingPathExtension("results.json")
    }

    /// The `figures/` folder beside a report.
    static func figuresFolder(of reportURL: URL) -> URL {
        reportURL.deletingLastPathComponent().appendingPathComponent("figures")
    }

    /// Deletes figures of this report left from an earlier render whose blocks no longer
    /// produce them (``NotebookRenderer/figureFiles(of:services:)``).
    private func removeStaleFigures(keeping: Set<String>, reportURL: URL) {
        let folder = NotebookRenderer.figuresFolder(of: reportURL)
        for file in NotebookRenderer.figureFiles(of: reportURL, services: services) where !keeping.contains(file)
            && GeneratedFile.foreignReason(at: folder.appendingPathComponent(file), kind: .figure, shown: file) == nil {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(file))
        }
    }

    /// The figure files of the report at `reportURL` in its `figures/`, sorted: SVG files
    /// named `<report>-...`, except those named after a longer report beside it (the
    /// figures of `a-b.md` are not those of `a.md`, which once deleted them as stale).
    static func figureFiles(of reportURL: URL, services: RenderServices) -> [String] {
        let folder = figuresFolder(of: reportURL)
        let name = reportURL.deletingPathExtension().lastPathComponent
        let longer = reportsBeside(reportURL, services: services).map { $0 + "-" }.filter { $0.hasPrefix(name + "-") }
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { file in
            file.hasPrefix(name + "-") && file.hasSuffix(".svg") && !longer.contains { file.hasPrefix($0) }
        }.sorted()
    }

    /// Why the figures of `block`, named `prefix...` beside the report at `reportURL`, could
    /// bear the names of another report's figures in the same `figures/` folder, or `nil`.
    ///
    /// Figures are named `<report>-<block>-<name>.svg`, and both report names and block ids
    /// may hold `-`: block `b-c` of `a.md` and block `c` of `a-b.md` both name
    /// `a-b-c-roc.svg`, and `a-b.md`'s stale-figure sweep (every `a-b-*.svg` it did not
    /// write) would delete the figures of `a.md`'s block `b`. So a block fails when its
    /// prefix and a report's `<other>-` are one the start of the other, unless that report's
    /// name starts this report's own (`a.md` beside `a-b.md`, whose figures `a.md`'s sweep
    /// leaves alone and whose blocks are checked from their side).
    static func figureClash(prefix: String, block: DirectiveBlock, reportURL: URL, services: RenderServices) -> String? {
        let own = reportURL.deletingPathExtension().lastPathComponent + "-"
        for name in reportsBeside(reportURL, services: services) {
            let other = name + "-"
            guard !own.hasPrefix(other), prefix.hasPrefix(other) || other.hasPrefix(prefix) else { continue }
            let named = block.id.map { "block '\($0)'" } ?? "this block (it has no id)"
            return "the figures of \(named) would be named \(prefix)*.svg, as the figures of report "
                + "\(name).md beside this one are (\(other)*.svg): one report would overwrite or delete "
                + "the other's figures. Rename the block\(block.id == nil ? " (give it an id)" : "") or one of the reports"
        }
        return nil
    }

    /// The names (without `.md`) of the other reports of this render in the folder of the
    /// report at `reportURL`, sorted: those whose figures share its `figures/`.
    static func reportsBeside(_ reportURL: URL, services: RenderServices) -> [String] {
        let folder = reportURL.deletingLastPathComponent().standardizedFileURL.path
        let report = reportURL.standardizedFileURL.path
        return services.reportPaths.compactMap { path -> String? in
            let url = URL(fileURLWithPath: path)
            guard path != report, url.deletingLastPathComponent().path == folder else { return nil }
            return url.deletingPathExtension().lastPathComponent
        }.sorted()
    }

    /// A GFM alert that takes the place of a failed block: the first problem, then any
    /// others as a list with their locations.
    static func callout(for block: DirectiveBlock, diagnostics: [Diagnostic]) -> String {
        guard let diagnostic = diagnostics.first else { return "> [!CAUTION]\n> **`\(block.label)` failed**\n" }
        let lines = diagnostic.message.split(separator: "\n", omittingEmptySubsequences: false)
        // Messages quote values (a column name, a cell): text, escaped like data.
        var text = "> [!CAUTION]\n> **\(MarkdownText.code(block.label)) failed** at "
            + MarkdownText.code("\(diagnostic.path):\(diagnostic.location.line):\(diagnostic.location.column)") + "\n>\n"
        for line in lines { text += "> \(MarkdownText.escapedOutsideCodeSpans(String(line)))\n" }
        if diagnostics.count > 1 {
            text += ">\n"
            for other in diagnostics.dropFirst() {
                text += "> - at `\(other.location.line):\(other.location.column)`: \(MarkdownText.escapedOutsideCodeSpans(other.message.replacingOccurrences(of: "\n", with: " ")))\n"
            }
        }
        return text
    }
}

extension Duration {
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
