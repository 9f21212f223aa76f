import Foundation

extension RenderSession {
    /// Writes `index.html` (``ReportIndex``) in the deepest folder holding every report of
    /// this render, after `folio check` has looked at them; returns the diagnostics of a
    /// failed write. A file in the way that folio did not write is left alone unless `--force`.
    func writeIndex(_ rendered: [((url: URL, notebook: Notebook, report: URL), NotebookRenderer.Outcome)],
                    paths: [String], services: RenderServices) -> [Diagnostic] {
        guard let folder = ReportIndex.folder(for: rendered.map(\.0.report)) else { return [] }
        let check = Checker(session: self).check(paths)
        let staleness = check.staleReasons.mapValues { $0.joined(separator: "; ") }
        var entries: [ReportIndex.Entry] = []
        for (entry, outcome) in rendered {
            let reportPath = displayPath(entry.report)
            let page = entry.report.deletingPathExtension().appendingPathExtension("html")
            var hash = "?", version = "?"
            if let text = try? String(contentsOf: NotebookRenderer.resultsURL(for: entry.report), encoding: .utf8),
               case .object(let results)? = try? JSONValue(parsing: text), case .object(let provenance)? = results["_folio"] {
                hash = String((provenance["notebook_sha256"]?.stringValue ?? "?").prefix(12))
                version = provenance["folio"]?.stringValue ?? "?"
            }
            entries.append(ReportIndex.Entry(
                title: entry.notebook.frontMatter.title ?? entry.report.deletingPathExtension().lastPathComponent,
                reportPath: reportPath,
                pageLink: FileManager.default.fileExists(atPath: page.path) ? ReportIndex.relativePath(of: page, from: folder) : nil,
                blocks: entry.notebook.blocks.count, failedBlocks: outcome.blocks.filter { $0.status == .failed }.count,
                errors: outcome.failures, staleness: outcome.written ? staleness[reportPath] : (staleness[reportPath] ?? "it could not be written"),
                notebookHash: hash, folioVersion: version))
        }
        entries.sort { $0.reportPath < $1.reportPath }
        let url = folder.appendingPathComponent("index.html")
        let shown = displayPath(url)
        func failure(_ message: String) -> [Diagnostic] {
            [Diagnostic(path: shown, location: SourceLocation(line: 1, column: 1), message: message)]
        }
        if rendered.contains(where: { $0.0.report.deletingPathExtension().appendingPathExtension("html").standardizedFileURL == url.standardizedFileURL }) {
            return [Diagnostic(path: shown, location: SourceLocation(line: 1, column: 1), severity: .warning,
                               message: "no index written: a report's page is \(shown)")]
        }
        if let refusal = services.paths.writeRefusal(forFolder: folder) { return failure("cannot write the index: \(refusal)") }
        if !options.force, let reason = GeneratedFile.foreignReason(at: url, kind: .page, shown: shown) {
            return failure("\(reason); folio will not replace it. Move it away or render with --force")
        }
        do throws(AtomicFile.WriteError) {
            _ = try AtomicFile.write(ReportIndex(title: "Reports", entries: entries).html, to: url)
        } catch {
            return failure("cannot write the index: \(error.shown(as: shown))")
        }
        return []
    }
}
