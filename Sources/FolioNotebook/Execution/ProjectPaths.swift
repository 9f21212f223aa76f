import Foundation

/// Where a render may read and write, decided by resolved paths (every symbolic link
/// followed), so that a notebook cannot reach outside its project through `..`, an
/// absolute path or a link.
///
/// - Reads: a file or folder a notebook reads (data, bars, MLflow stores, templates, other
///   reports' results, the decision log) must resolve inside the project, and so must every
///   link inside a folder it reads; only regular files and folders are read (a FIFO or a
///   device could hang the render). A link whose target stays inside the project is fine.
/// - Writes: a report, its `.results.json`, its HTML page and its `figures/` must resolve
///   inside the project and outside the folders that hold what people wrote: `notebooks/`,
///   `templates/`, `memory-bank/`, `data/`, every notebook's `data:` folder, `.git/` and
///   `.folio/`; and never onto a notebook.
public struct ProjectPaths: Sendable {
    /// The project root as given.
    public let root: URL
    /// The project root with its links resolved.
    public let resolvedRoot: String
    /// Folders (resolved) that reports may not be written into, with their names for messages.
    private(set) var protectedFolders: [(path: String, name: String)]
    /// Notebook files (resolved) that reports may not replace.
    private(set) var notebookFiles: Set<String> = []

    public init(root: URL) {
        self.root = root.standardizedFileURL
        resolvedRoot = ProjectPaths.resolve(self.root.path) ?? self.root.path
        protectedFolders = []
        for name in ["notebooks", "templates", "memory-bank", "data", ".git", ".folio"] {
            protect(folder: self.root.appendingPathComponent(name), name: "\(name)/")
        }
    }

    /// Adds a folder that reports may not be written into (a notebook's `data:` folder).
    /// The project root itself is never added.
    mutating func protect(folder url: URL, name: String) {
        guard let resolved = ProjectPaths.resolve(url.standardizedFileURL.path), resolved != resolvedRoot,
              !protectedFolders.contains(where: { $0.path == resolved }) else { return }
        protectedFolders.append((resolved, name))
    }

    /// Adds a notebook file that no report may replace.
    mutating func protect(notebook url: URL) {
        if let resolved = ProjectPaths.resolve(url.standardizedFileURL.path) { notebookFiles.insert(resolved) }
    }

    // MARK: - Resolution

    /// The path with every existing component's links resolved (`realpath` of the deepest
    /// existing ancestor, then the remaining components), or `nil` when a component is a
    /// link whose target does not exist (it could point anywhere once created).
    public static func resolve(_ path: String) -> String? {
        var head = URL(fileURLWithPath: path).standardizedFileURL.path
        var tail: [String] = []
        var retried = false
        while true {
            if let real = realpath(head, nil) {
                defer { free(real) }
                var out = String(cString: real)
                for component in tail.reversed() { out += (out.hasSuffix("/") ? "" : "/") + component }
                return out
            }
            var info = stat()
            if lstat(head, &info) == 0 {
                // It exists but could not be resolved: a dangling link or a loop of links,
                // or it was created between the two calls (another render making reports/
                // at the same moment). One more try tells them apart.
                if !retried { retried = true; continue }
                return nil
            }
            retried = false
            let parent = (head as NSString).deletingLastPathComponent
            if parent == head || parent.isEmpty { return nil }
            tail.append((head as NSString).lastPathComponent)
            head = parent
        }
    }

    /// Whether `path` (resolved) is `base` or inside it.
    static func isWithin(_ path: String, _ base: String) -> Bool {
        path == base || path.hasPrefix(base.hasSuffix("/") ? base : base + "/")
    }

    /// A path relative to the project root for messages.
    public func display(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let root = self.root.path
        return path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }

    private func displayResolved(_ resolved: String) -> String {
        ProjectPaths.isWithin(resolved, resolvedRoot) && resolved != resolvedRoot
            ? String(resolved.dropFirst(resolvedRoot.count + 1)) : resolved
    }

    // MARK: - Reads

    /// Checks that `url` may be read: it resolves inside the project and is a regular file
    /// or a folder (whose own links are checked by `checkFolderEntries`).
    ///
    /// - Returns: a sentence saying why not, or `nil` when it may be read. A path that
    ///   does not exist may be read (the reader then says it is missing).
    public func readRefusal(_ url: URL) -> String? {
        let shown = display(url)
        guard let resolved = ProjectPaths.resolve(url.path) else {
            return "\(shown) goes through a symbolic link whose target does not exist"
        }
        guard ProjectPaths.isWithin(resolved, resolvedRoot) else {
            return "\(shown) resolves to \(resolved), outside the project; folio reads only files inside the project folder (a link must point inside it)"
        }
        var target = stat()
        guard stat(resolved, &target) == 0 else { return nil }
        let kind = target.st_mode & S_IFMT
        guard kind == S_IFREG || kind == S_IFDIR else {
            return "\(shown) is not a regular file or folder (a device, socket or pipe); folio reads only regular files"
        }
        return nil
    }

    /// Throws `DirectiveError` at `location` when `url` may not be read.
    public func confineRead(_ url: URL, at location: SourceLocation) throws(DirectiveError) {
        if let refusal = readRefusal(url) { throw DirectiveError(refusal, at: location) }
    }

    // MARK: - Writes

    /// Why a report may not be written at `url` (resolved), or `nil` when it may.
    func writeRefusal(forReport url: URL) -> String? {
        let shown = display(url)
        guard url.pathExtension == "md" else {
            return "the report '\(shown)' must be a Markdown file ending in .md"
        }
        guard let resolved = ProjectPaths.resolve(url.path) else {
            return "the report '\(shown)' goes through a symbolic link whose target does not exist"
        }
        guard ProjectPaths.isWithin(resolved, resolvedRoot), resolved != resolvedRoot else {
            return "the report resolves to \(resolved), outside the project; reports are written inside the project folder only"
        }
        if notebookFiles.contains(resolved) {
            return "the report '\(shown)' is a notebook; a report never replaces a notebook"
        }
        for folder in protectedFolders where ProjectPaths.isWithin(resolved, folder.path) {
            let via = displayResolved(resolved) == shown ? "" : " (it resolves to \(displayResolved(resolved)))"
            return "the report '\(shown)' is inside \(folder.name)\(via), which holds what people write; write reports elsewhere, e.g. under reports/"
        }
        return nil
    }

    /// Why folio may not keep its own files in `url`, a folder under `.folio/` (caches,
    /// stamps, staging), or `nil`: it must be a real folder inside the project, with no
    /// symbolic link on the way. A project shared with `.folio/cache` as a link to another
    /// folder would otherwise have folio write its cache there.
    func cacheRefusal(_ url: URL) -> String? {
        let path = url.standardizedFileURL.path
        let shown = display(url)
        guard path.hasPrefix(root.path + "/") else { return "\(shown) is outside the project" }
        guard let resolved = ProjectPaths.resolve(path) else {
            return "\(shown) goes through a symbolic link whose target does not exist"
        }
        guard resolved == resolvedRoot + path.dropFirst(root.path.count) else {
            return "\(shown) is, or goes through, a symbolic link (to \(resolved)); folio keeps its cache only in a folder of the project itself"
        }
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFDIR { return "\(shown) is not a folder" }
        return nil
    }

    /// Why a folder a report writes into (its `figures/`) may not be used, or `nil`.
    func writeRefusal(forFolder url: URL) -> String? {
        guard let resolved = ProjectPaths.resolve(url.path) else {
            return "\(display(url)) is a symbolic link whose target does not exist"
        }
        guard ProjectPaths.isWithin(resolved, resolvedRoot) else {
            return "\(display(url)) resolves to \(resolved), outside the project; folio writes inside the project folder only"
        }
        for folder in protectedFolders where ProjectPaths.isWithin(resolved, folder.path) {
            return "\(display(url)) resolves to \(displayResolved(resolved)), inside \(folder.name); folio does not write there"
        }
        return nil
    }
}
