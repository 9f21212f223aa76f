import Foundation

/// State shared by the notebooks of one render: where things are, the results of reports
/// rendered so far (for `summary` and cross-report references), and the file hasher.
public final class RenderServices: @unchecked Sendable {
    public let projectRoot: URL
    /// `templates/` for `summary`.
    public let templatesURL: URL
    /// `memory-bank/decisionLog.md` for `decision`.
    public let decisionLogURL: URL
    public let hasher: FileHasher
    /// The project's read and write rules (resolved paths).
    public let paths: ProjectPaths
    /// The environment directives read (`MLFLOW_TRACKING_URI` and the tracking server's
    /// credentials): the process's, unless a test gives its own.
    public let environment: [String: String]
    /// Parsed CSV files kept between renders; `nil` for `--no-cache` renders and `folio check`.
    let columnCache: ColumnCache?
    private let lock = NSLock()
    /// Report name (file name without `.md`) -> results file, for every report known to the render.
    private var reportFiles: [String: URL] = [:]
    private var rendered: [String: JSONValue] = [:]
    /// Results files read from disk in this session, parsed once however many blocks read
    /// them (the executive summary's template and claims read every report).
    private var loaded: [String: JSONValue] = [:]

    /// A hash of the running executable, part of every cache key: a rebuilt folio (a
    /// changed directive) never reuses results its older self computed. Not recorded in
    /// reports, which record the version only (builds differ between machines).
    public var buildID: String {
        lock.lock(); defer { lock.unlock() }
        if let cachedBuildID { return cachedBuildID }
        let id = (try? hasher.hashOfExecutable()) ?? Folio.version
        cachedBuildID = id
        return id
    }
    private var cachedBuildID: String?

    public convenience init(projectRoot: URL, hasher: FileHasher, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(projectRoot: projectRoot, hasher: hasher, environment: environment, columnCache: nil)
    }

    init(projectRoot: URL, hasher: FileHasher, environment: [String: String], columnCache: ColumnCache?) {
        self.columnCache = columnCache
        self.projectRoot = projectRoot
        self.environment = environment
        self.templatesURL = projectRoot.appendingPathComponent("templates")
        self.decisionLogURL = projectRoot.appendingPathComponent("memory-bank/decisionLog.md")
        self.hasher = hasher
        self.paths = hasher.confinement ?? ProjectPaths(root: projectRoot)
    }

    /// Registers where a report's results live, before anything renders.
    func register(report name: String, resultsURL: URL) {
        lock.lock(); defer { lock.unlock() }
        reportFiles[name] = resultsURL
    }

    /// Where each decision id is declared among the notebooks of this render.
    private var decisions: [String: [(notebook: String, location: SourceLocation)]] = [:]

    /// Registers a `decision` block's id, before anything renders.
    func register(decision id: String, notebook: String, location: SourceLocation) {
        lock.lock(); defer { lock.unlock() }
        decisions[id, default: []].append((notebook, location))
    }

    /// Every place (notebook, location of its `id`) that declares decision `id` in this render.
    func decisionDeclarations(_ id: String) -> [(notebook: String, location: SourceLocation)] {
        lock.lock(); defer { lock.unlock() }
        return decisions[id] ?? []
    }

    /// Records the results of a report rendered in this session.
    func publish(report name: String, results: JSONValue) {
        lock.lock(); defer { lock.unlock() }
        rendered[name] = results
    }

    /// The standardized paths of the `.md` files of all reports known to this render (for
    /// links between pages, `ReportLinks`).
    var reportPaths: Set<String> {
        lock.lock(); defer { lock.unlock() }
        return Set(reportFiles.values.map { url in
            String(url.standardizedFileURL.path.dropLast(".results.json".count)) + ".md"
        })
    }

    /// The names of all reports known to this render.
    public var reportNames: [String] {
        lock.lock(); defer { lock.unlock() }
        return reportFiles.keys.sorted()
    }

    /// The results of report `name` (rendered in this session, or read from its committed
    /// `.results.json`), without folio's provenance entry.
    public func results(ofReport name: String) -> JSONValue? {
        lock.lock()
        if let value = rendered[name] ?? loaded[name] { lock.unlock(); return value }
        let url = reportFiles[name]
        lock.unlock()
        guard let url, paths.readRefusal(url) == nil, let text = try? String(contentsOf: url, encoding: .utf8),
              case .object(var object)? = try? JSONValue(parsing: text) else { return nil }
        object["_folio"] = nil
        lock.lock()
        loaded[name] = .object(object)
        lock.unlock()
        return .object(object)
    }

    /// Reads the results of `names` on all cores, so that a notebook whose claims and
    /// summary read many reports (the executive summary reads every one) does not parse
    /// them one after the other.
    func preload(reports names: [String]) {
        guard names.count > 1 else { return }
        DispatchQueue.concurrentPerform(iterations: names.count) { _ = results(ofReport: names[$0]) }
    }

    /// The URL of the results file of report `name`, when known.
    public func resultsURL(ofReport name: String) -> URL? {
        lock.lock(); defer { lock.unlock() }
        return reportFiles[name]
    }
}
