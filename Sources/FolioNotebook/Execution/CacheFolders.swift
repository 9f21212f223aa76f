import Foundation

/// The folders of `.folio/cache/` a render keeps its files in, each only when
/// ``ProjectPaths/cacheRefusal(_:)`` allows it: a real folder of the project, no symbolic
/// link on the way. A refused folder is not used (the render goes on without that cache)
/// and a warning says why, so a project shared with `.folio/cache` linked elsewhere never
/// has folio write there.
struct CacheFolders {
    /// Block results and the file-hash memo (`.folio/cache/`).
    var results: URL?
    /// Parsed columns (`.folio/cache/columns/`).
    var columns: URL?
    /// Notebook stamps (`.folio/cache/notebooks/`).
    var stamps: URL?
    /// One warning per refused folder, at the folder.
    var diagnostics: [Diagnostic] = []

    init(projectRoot: URL) {
        let paths = ProjectPaths(root: projectRoot)
        let root = projectRoot.appendingPathComponent(".folio/cache")
        var diagnostics: [Diagnostic] = []
        func usable(_ url: URL) -> URL? {
            guard let refusal = paths.cacheRefusal(url) else { return url }
            diagnostics.append(Diagnostic(path: paths.display(url), location: SourceLocation(line: 1, column: 1), severity: .warning,
                                          message: "\(refusal); this render does not use it"))
            return nil
        }
        results = usable(root)
        columns = results == nil ? nil : usable(root.appendingPathComponent("columns"))
        stamps = results == nil ? nil : usable(root.appendingPathComponent("notebooks"))
        self.diagnostics = diagnostics
    }
}
