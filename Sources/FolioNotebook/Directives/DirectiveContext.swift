import Foundation

/// What a directive may know about where it runs: paths, its seed, the shared data and the
/// results of other reports. Values only; no access to the rest of the notebook.
public struct DirectiveContext: Sendable {
    /// The notebook's path for messages (relative to the project root when inside it).
    public var notebookPath: String
    public var projectRoot: URL
    /// The folder relative data paths start from (front matter `data`, else the project root).
    public var dataRoot: URL
    /// Where the report will be written.
    public var reportURL: URL
    /// The block's id, when it has one.
    public var blockID: String?
    /// The block's position among the notebook's directives (1-based), for figure names
    /// of blocks without an id.
    public var blockIndex: Int
    /// The opening fence of the block.
    public var blockLocation: SourceLocation
    /// The seed for every random draw of the block: from the notebook path and block id
    /// (or index), unless the block sets `seed`.
    public var seed: UInt64
    /// Files shared across the render.
    public var data: DataStore
    /// Services shared across the notebooks of one render (other reports' results, the
    /// decision log).
    public var services: RenderServices
    /// The inputs the block declared; only these may be loaded.
    var declaredInputs: Set<URL> = []
    /// For directives that read earlier results by path (`Directive.readsEarlierResults`):
    /// the results of the earlier blocks by id, and `params`. Empty for the others.
    public var results: JSONObject = JSONObject()
    /// Ids of earlier blocks that failed (no result), for `readsEarlierResults` directives.
    public var failedIDs: Set<String> = []
    /// The block's parameters as written, before `{{ }}` references were resolved.
    public var unresolvedParameters: ParamValue?
    /// Files (project-relative path, SHA-256) read by the blocks whose results this block
    /// references: the data its values rest on.
    public var upstreamInputs: [(path: String, sha256: String)] = []

    /// The report's file name without `.md`, e.g. `data_shift_analysis`.
    public var reportName: String { reportURL.deletingPathExtension().lastPathComponent }

    /// How this block's figure files start: `<report>-<block id>-` (`block<N>` for a block
    /// without an id).
    public var figurePrefix: String { "\(reportName)-\(blockID ?? "block\(blockIndex)")-" }

    /// A file name for a figure of this block, unique within the report's folder (the
    /// render fails a block whose `figurePrefix` could name another report's figures,
    /// `NotebookRenderer.figureClash`).
    public func figureFileName(_ name: String) -> String {
        let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "-" })
        return "\(figurePrefix)\(safe).svg"
    }

    /// The relative link from the report to a figure: `figures/<file>`.
    public func figureLink(_ name: String) -> String {
        "figures/\(figureFileName(name))"
    }

    /// A Markdown image for a figure, and the figure itself.
    public func figure(_ name: String, svg: String, alt: String) -> (markdown: String, figure: Figure) {
        let escapedAlt = MarkdownText.escaped(alt).replacingOccurrences(of: "]", with: "\\]").replacingOccurrences(of: "[", with: "\\[")
        return ("![\(escapedAlt)](\(figureLink(name)))", Figure(fileName: figureFileName(name), svg: svg))
    }

    /// Resolves a data path given in a parameter: relative paths start at `dataRoot`;
    /// paths must stay inside the project, symbolic links resolved (a notebook cannot read
    /// `/etc/passwd`, nor a link to it).
    public func resolveDataPath(_ path: String, at location: SourceLocation) throws(DirectiveError) -> URL {
        guard !path.isEmpty else { throw DirectiveError("empty path", at: location) }
        let url = (path.hasPrefix("/") ? URL(fileURLWithPath: path) : dataRoot.appendingPathComponent(path)).standardizedFileURL
        let root = projectRoot.standardizedFileURL.path
        guard url.path == root || url.path.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            throw DirectiveError("path '\(path)' leaves the project folder; notebooks may only read files inside it", at: location)
        }
        try services.paths.confineRead(url, at: location)
        return url
    }

    /// A path relative to the project root, for messages and results.
    public func displayPath(_ url: URL) -> String {
        if PostgresURL.isPostgres(url) { return url.absoluteString }
        let root = projectRoot.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        if path.hasPrefix(root + "/") { return String(path.dropFirst(root.count + 1)) }
        return path
    }

    /// The value `load(_:as:_:)` already loaded from `url` in this render, if any (nothing
    /// waits or loads).
    public func loaded<T: Sendable>(_ url: URL, as kind: String, type: T.Type = T.self) -> T? {
        data.loadedValue(forKey: dataKey(url.isFileURL ? url.standardizedFileURL : url, kind))
    }

    /// The key of what is loaded from `url` as `kind`. A database URL's path is only its
    /// database: the whole URL (table or query, host, version) names what is read.
    private func dataKey(_ url: URL, _ kind: String) -> String {
        "\(kind)\u{0}\(url.isFileURL ? url.path : url.absoluteString)"
    }

    /// Loads (once per render) a value derived from a declared input, e.g. a parsed CSV.
    public func load<T: Sendable>(_ url: URL, as kind: String, _ loader: () throws -> T) throws(DirectiveError) -> T {
        let url = url.isFileURL ? url.standardizedFileURL : url
        guard declaredInputs.contains(url) || declaredInputs.contains(where: { url.path.hasPrefix($0.path + "/") }) else {
            throw DirectiveError("internal error: \(displayPath(url)) was read without being declared as an input", at: blockLocation)
        }
        do {
            return try data.value(forKey: dataKey(url, kind), load: loader)
        } catch let error as DirectiveError {
            throw error
        } catch {
            throw DirectiveError("\(displayPath(url)): \(error)", at: blockLocation)
        }
    }
}
