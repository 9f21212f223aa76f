import Foundation

/// Renders a set of notebooks: finds them, orders them so that a notebook that reads
/// another's results renders after it (a cycle is an error), and renders each notebook as
/// soon as those it reads are done, concurrently with the others.
public struct RenderSession: Sendable {
    public let projectRoot: URL
    public let registry: DirectiveRegistry
    public let options: RenderOptions

    /// What a render did.
    public struct Summary: Sendable {
        public var diagnostics: [Diagnostic] = []
        /// Reports written, in render order.
        public var reports: [URL] = []
        /// Blocks by status.
        public var ran = 0, cached = 0, failed = 0
        /// Notebooks left alone because nothing they rest on changed (``NotebookStamp``);
        /// their blocks count as cached.
        public var unchanged = 0
        /// Reports that could not be written (disk full, permission denied, a file folio did
        /// not write in the way) or whose notebook could not be rendered at all.
        public var unwritten = 0
        public var succeeded: Bool { !diagnostics.contains { $0.severity == .error } }
    }

    public init(projectRoot: URL, registry: DirectiveRegistry = .standard, options: RenderOptions = RenderOptions()) {
        self.projectRoot = projectRoot.standardizedFileURL
        self.registry = registry
        self.options = options
    }

    /// The notebooks under `paths` (files, or folders searched recursively for `.md`
    /// files other than `README.md`), sorted.
    public func notebookURLs(_ paths: [String]) throws(Diagnostic) -> [URL] {
        var found: [URL] = []
        for path in paths {
            let url = (path.hasPrefix("/") ? URL(fileURLWithPath: path) : projectRoot.appendingPathComponent(path)).standardizedFileURL
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                throw Diagnostic(path: path, location: SourceLocation(line: 1, column: 1), message: "no such file or folder")
            }
            if isDirectory.boolValue {
                let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])
                while let item = enumerator?.nextObject() as? URL {
                    if item.pathExtension == "md", item.lastPathComponent != "README.md" { found.append(item.standardizedFileURL) }
                }
            } else {
                found.append(url)
            }
        }
        var seen = Set<String>()
        return found.filter { seen.insert($0.path).inserted }.sorted { $0.path < $1.path }
    }

    func displayPath(_ url: URL) -> String {
        let root = projectRoot.path
        return url.path.hasPrefix(root + "/") ? String(url.path.dropFirst(root.count + 1)) : url.path
    }

    /// Parsed notebooks with their report names, and the render order as levels of
    /// notebooks that can run concurrently.
    struct Plan {
        var notebooks: [(url: URL, notebook: Notebook, report: URL)] = []
        var levels: [[Int]] = []
        var diagnostics: [Diagnostic] = []
        /// For each notebook, the notebooks whose results it reads.
        var dependencies: [[Int]] = []
        /// For each notebook, the names of the reports whose results it reads, whether or
        /// not they render in this session.
        var reportsRead: [[String]] = []

        /// For each notebook, the notebooks whose results it reads, directly or through others.
        var upstream: [Set<Int>] = []
        /// Each notebook's report name (its file name without `.md`).
        var names: [String] = []

        /// The notebooks at `paths` and every notebook that reads their results, directly
        /// or through others; `nil` when a path is not one of the plan's notebooks (a
        /// template or a data file, which any notebook may read).
        func affected(by paths: Set<String>) -> Set<Int>? {
            var selected = Set<Int>()
            for path in paths {
                guard let i = notebooks.firstIndex(where: { $0.url.standardizedFileURL.path == path }) else { return nil }
                selected.insert(i)
            }
            return selected.union(notebooks.indices.filter { !upstream[$0].isDisjoint(with: selected) })
        }

        /// For each notebook, how many notebooks read its results, directly or through
        /// others: the render starts those with more first.
        func dependentCounts() -> [Int] {
            notebooks.indices.map { i in upstream.indices.filter { $0 != i && upstream[$0].contains(i) }.count }
        }

        /// The transitive closure of `dependencies`.
        static func upstream(of dependencies: [[Int]]) -> [Set<Int>] {
            dependencies.indices.map { i in
                var reached = Set<Int>()
                var pending = dependencies[i]
                while let j = pending.popLast() {
                    if reached.insert(j).inserted { pending += dependencies[j] }
                }
                return reached
            }
        }
    }

    func plan(_ urls: [URL], services: RenderServices) -> Plan {
        var plan = Plan()
        // Notebooks are read and parsed on every core (cmark-gfm itself one at a time,
        // `MarkdownDocument`), then taken in order.
        let parsed = ParallelMap.map(urls.count) { i -> Result<Notebook, Diagnostic> in
            let path = displayPath(urls[i])
            guard let source = try? String(contentsOf: urls[i], encoding: .utf8) else {
                return .failure(Diagnostic(path: path, location: SourceLocation(line: 1, column: 1), message: "cannot read the file as UTF-8 text"))
            }
            return Result { () throws(Diagnostic) in try Notebook(parsing: source, path: path) }
        }
        for (url, result) in zip(urls, parsed) {
            switch result {
            case .success(let notebook):
                plan.notebooks.append((url, notebook, NotebookRenderer.reportURL(for: notebook, at: url, projectRoot: projectRoot)))
            case .failure(let error):
                plan.diagnostics.append(error)
            }
        }
        plan.diagnostics += confineReports(&plan.notebooks, services: services)
        let names = plan.notebooks.map { $0.report.deletingPathExtension().lastPathComponent }
        plan.names = names
        // Reports rendered earlier (not part of this render) can still be read from their
        // committed results, e.g. when rendering the executive summary alone.
        let reports = projectRoot.appendingPathComponent("reports")
        if let enumerator = FileManager.default.enumerator(at: reports, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles]) {
            var found: [URL] = []
            while let item = enumerator.nextObject() as? URL {
                if item.lastPathComponent.hasSuffix(".results.json") { found.append(item) }
            }
            for url in found.sorted(by: { $0.path < $1.path }) {
                let name = String(url.lastPathComponent.dropLast(".results.json".count))
                if !names.contains(name) { services.register(report: name, resultsURL: url.standardizedFileURL) }
            }
        }
        for (i, entry) in plan.notebooks.enumerated() {
            services.register(report: names[i], resultsURL: NotebookRenderer.resultsURL(for: entry.report))
        }
        // Dependencies: front matter `needs`, and reports a directive says it reads.
        var dependencies: [Set<Int>] = Array(repeating: [], count: plan.notebooks.count)
        for entry in plan.notebooks {
            for block in entry.notebook.blocks where block.name == DecisionDirective.name {
                if let declared = DecisionDirective.declaredID(of: block) {
                    services.register(decision: declared.id, notebook: entry.notebook.path, location: declared.location)
                }
            }
        }
        // The reports each notebook's blocks read (their YAML, templates), on every core.
        let notebooks = plan.notebooks
        let read = ParallelMap.map(notebooks.count) { i -> [String] in
            var wanted = notebooks[i].notebook.frontMatter.needs
            for block in notebooks[i].notebook.blocks {
                guard let type = registry[block.name], type.readsOtherReports,
                      let raw = (try? ParamValue.parse(yaml: block.body, origin: block.bodyOrigin))?.wrappingList(in: type.listParameter),
                      let reader = try? ParameterReader(raw) else { continue }
                wanted += type.reportsRead(parameters: reader, services: services)
            }
            return wanted
        }
        var reportsRead: [[String]] = []
        for (i, wanted) in read.enumerated() {
            for name in wanted {
                if let j = names.firstIndex(of: name), j != i { dependencies[i].insert(j) }
            }
            reportsRead.append(Array(Set(wanted)).filter { $0 != names[i] }.sorted())
        }
        plan.dependencies = dependencies.map { $0.sorted() }
        plan.upstream = Plan.upstream(of: plan.dependencies)
        plan.reportsRead = reportsRead
        // Kahn's algorithm by levels; leftovers are in a cycle.
        var remaining = Set(plan.notebooks.indices)
        var done = Set<Int>()
        while !remaining.isEmpty {
            let ready = remaining.filter { dependencies[$0].isSubset(of: done) }.sorted()
            if ready.isEmpty {
                let cycle = remaining.sorted()
                let members = cycle.map { names[$0] }.joined(separator: ", ")
                for i in cycle {
                    plan.diagnostics.append(Diagnostic(path: plan.notebooks[i].notebook.path, location: SourceLocation(line: 1, column: 1),
                        message: "reports read each other's results in a cycle (\(members)); break the cycle"))
                }
                break
            }
            plan.levels.append(ready)
            for i in ready { remaining.remove(i); done.insert(i) }
        }
        return plan
    }

    /// Drops the notebooks whose report may not be written where it resolves (outside the
    /// project, inside a folder people write, onto a notebook, through a link, or onto the
    /// report of another notebook) and says why, at the front matter's `output`.
    func confineReports(_ notebooks: inout [(url: URL, notebook: Notebook, report: URL)], services: RenderServices) -> [Diagnostic] {
        var paths = services.paths
        for entry in notebooks {
            paths.protect(notebook: entry.url)
            if let data = entry.notebook.frontMatter.data {
                let folder = data.hasPrefix("/") ? URL(fileURLWithPath: data) : projectRoot.appendingPathComponent(data)
                paths.protect(folder: folder, name: "the data folder \(data)")
            }
        }
        var diagnostics: [Diagnostic] = []
        func refuse(_ entry: (url: URL, notebook: Notebook, report: URL), _ message: String) {
            let location = entry.notebook.frontMatter.outputLocation ?? SourceLocation(line: 1, column: 1)
            diagnostics.append(Diagnostic(path: entry.notebook.path, location: location, message: message,
                                          sourceLine: entry.notebook.line(location.line)))
        }
        var kept: [(url: URL, notebook: Notebook, report: URL)] = []
        var byTarget: [String: [Int]] = [:]
        for entry in notebooks {
            let figures = NotebookRenderer.figuresFolder(of: entry.report)
            if let refusal = paths.writeRefusal(forReport: entry.report) ?? paths.writeRefusal(forFolder: figures) {
                refuse(entry, refusal)
                continue
            }
            let target = ProjectPaths.resolve(entry.report.path) ?? entry.report.path
            byTarget[target, default: []].append(kept.count)
            kept.append(entry)
        }
        var dropped = Set<Int>()
        for (_, indices) in byTarget where indices.count > 1 {
            for i in indices {
                let others = indices.filter { $0 != i }.map { kept[$0].notebook.path }.joined(separator: ", ")
                refuse(kept[i], "\(kept[i].notebook.path) and \(others) both write the report \(paths.display(kept[i].report)); give each notebook its own `output`")
                dropped.insert(i)
            }
        }
        notebooks = kept.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
        return diagnostics.sorted { ($0.path, $0.location.line) < ($1.path, $1.location.line) }
    }

    /// Renders `paths` (default `notebooks/`), printing progress to standard error unless
    /// quiet. Diagnostics are returned, not printed.
    ///
    /// - Parameter changed: when given (absolute paths, as `folio watch` reports them), only
    ///   the notebooks among them and the notebooks that read their results render; the
    ///   others keep their reports. Any other changed file (a template, a data file), or an
    ///   HTML render (whose index lists every report), renders everything.
    public func render(_ paths: [String], changed: Set<String>? = nil) async -> Summary {
        var summary = Summary()
        let urls: [URL]
        do {
            urls = try notebookURLs(paths.isEmpty ? ["notebooks"] : paths)
        } catch {
            summary.diagnostics.append(error)
            return summary
        }
        let caches = CacheFolders(projectRoot: projectRoot)
        summary.diagnostics += caches.diagnostics
        let hasher = FileHasher(memoURL: caches.results?.appendingPathComponent("files.tsv"), confinement: ProjectPaths(root: projectRoot))
        let services = RenderServices(projectRoot: projectRoot, hasher: hasher,
                                      environment: options.environment ?? ProcessInfo.processInfo.environment,
                                      columnCache: options.useCache ? caches.columns.map(ColumnCache.init(folder:)) : nil)
        let plan = plan(urls, services: services)
        summary.diagnostics += plan.diagnostics
        summary.unwritten += Set(plan.diagnostics.filter { $0.severity == .error }.map(\.path)).count
        let data = DataStore()
        let cache = ResultCache(folder: caches.results)
        let stamps = NotebookStamps(folder: caches.stamps, services: services, options: options)
        let quiet = options.quiet
        let progress: @Sendable (String) -> Void = { line in
            if !quiet { Console.writeError(line + "\n") }
        }
        var order = plan.levels.flatMap { $0 }
        if let changed, !changed.isEmpty, !options.html,
           let affected = plan.affected(by: Set(changed.map { URL(fileURLWithPath: $0).standardizedFileURL.path })) {
            order = order.filter(affected.contains)
        }
        let scheduled = Set(order)
        let priority = plan.dependentCounts()
        let upstream = plan.upstream, names = plan.names
        // Notebooks whose stamp did not hold, so that they render.
        let rendering = LockedSet()
        var preloaded = Set<String>()
        var indexEntries: [(Int, NotebookRenderer.Outcome)] = []
        let stampWrites = DispatchGroup()
        // A notebook starts as soon as the notebooks whose results it reads are rendered (not
        // when a whole level is), those with the most notebooks waiting on them first, so a
        // long notebook that others read does not wait behind independent ones. Outcomes are
        // reported in the plan's order, whatever order they finish in.
        await withTaskGroup(of: (Int, NotebookRenderer.Outcome, [String]).self) { group in
            var started = Set<Int>()
            var finished = Set<Int>()
            var outcomes: [Int: (NotebookRenderer.Outcome, [String])] = [:]
            var reported = 0
            while true {
                let ready = order.filter { i in
                    !started.contains(i) && plan.dependencies[i].allSatisfy { !scheduled.contains($0) || finished.contains($0) }
                }.sorted { (priority[$0], $1) > (priority[$1], $0) }
                for i in ready {
                    started.insert(i)
                    let entry = plan.notebooks[i]
                    let renderer = NotebookRenderer(notebook: entry.notebook, notebookURL: entry.url, registry: registry,
                                                    services: services, data: data, cache: cache, options: options)
                    let reportsRead = plan.reportsRead[i]
                    group.addTask {
                        let last = stamps.last(entry.notebook), key = stamps.key(entry.notebook, reportURL: entry.report)
                        if let outcome = stamps.unchanged(entry.notebook, key: key, stamp: last, reportURL: entry.report, reportsRead: reportsRead) {
                            return (i, outcome, quiet ? [] : ["  unchanged: \(outcome.blocks.count) block(s), their inputs and the reports they read are as at the last render"])
                        }
                        rendering.insert(i)
                        services.preload(reports: reportsRead)
                        let lines = LockedLines()
                        let outcome = renderer.render { lines.append($0) }
                        // Recorded while the notebooks waiting for this one render, not
                        // before they start: hashing its report, results and figures took
                        // 1.3-2.4 ms between an edited block and the executive summary.
                        DispatchQueue.global().async(group: stampWrites) {
                            stamps.record(outcome, notebook: entry.notebook, key: key, reportsRead: reportsRead, last: last)
                        }
                        return (i, outcome, lines.all)
                    }
                }
                guard let (i, outcome, lines) = await group.next() else { break }
                finished.insert(i)
                // A notebook waiting for one that renders will most likely render too: the
                // results it reads of the notebooks already done are parsed now, on a core
                // the rendering one leaves free, not after it (the executive summary reads
                // every report). Only finished notebooks' results: they are final.
                if !preloaded.contains(names[i]), order.contains(where: { j in
                    !started.contains(j) && plan.reportsRead[j].contains(names[i]) && upstream[j].contains(where: rendering.contains)
                }) {
                    preloaded.insert(names[i])
                    let name = names[i]
                    DispatchQueue.global().async { _ = services.results(ofReport: name) }
                }
                outcomes[i] = (outcome, lines)
                while reported < order.count, let (outcome, lines) = outcomes[order[reported]] {
                    let i = order[reported]
                    reported += 1
                    progress("\(plan.notebooks[i].notebook.path) -> \(displayPath(outcome.reportURL))")
                    for line in lines { progress(line) }
                    summary.diagnostics += outcome.diagnostics
                    indexEntries.append((i, outcome))
                    if outcome.written { summary.reports.append(outcome.reportURL) } else { summary.unwritten += 1 }
                    if outcome.unchanged { summary.unchanged += 1 }
                    for block in outcome.blocks {
                        switch block.status {
                        case .ran: summary.ran += 1
                        case .cached: summary.cached += 1
                        case .failed: summary.failed += 1
                        }
                    }
                }
            }
        }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            stampWrites.notify(queue: .global()) { done.resume() }
        }
        hasher.save()
        services.columnCache?.finish()
        // The index: for a render of folders (the default `notebooks/`), not of single files,
        // and only when every report was written (a refused write changes nothing else).
        let coversFolder = paths.isEmpty || paths.contains { path in
            var isDirectory: ObjCBool = false
            let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : projectRoot.appendingPathComponent(path)
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        if options.html, coversFolder, !indexEntries.isEmpty, indexEntries.allSatisfy({ $0.1.written }) {
            summary.diagnostics += writeIndex(indexEntries.sorted { $0.0 < $1.0 }.map { (plan.notebooks[$0.0], $0.1) },
                                              paths: paths, services: services)
        }
        return summary
    }
}

extension RenderSession {
    /// The last line of `folio render`: reports written, blocks by status, reports that
    /// could not be written, and the time.
    public static func closingLine(_ summary: Summary, seconds: Double) -> String {
        var line = "rendered \(summary.reports.count) report(s): \(summary.ran) ran, \(summary.cached) cached, \(summary.failed) failed"
        if summary.unwritten > 0 { line += "; \(summary.unwritten) report(s) not written" }
        return line + " in \(String(format: "%.2f", seconds))s"
    }
}

/// Notebook indices shared between tasks.
final class LockedSet: @unchecked Sendable {
    private let lock = NSLock()
    private var members = Set<Int>()
    func insert(_ i: Int) { lock.lock(); members.insert(i); lock.unlock() }
    func contains(_ i: Int) -> Bool { lock.lock(); defer { lock.unlock() }; return members.contains(i) }
}

/// Progress lines collected from a notebook rendering on another task, printed together
/// so that concurrent notebooks do not interleave their lines.
final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}
