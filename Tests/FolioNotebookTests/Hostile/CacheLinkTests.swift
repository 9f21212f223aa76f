import Foundation
import Testing
@testable import FolioNotebook

/// A project shared with `.folio/` (or a folder under it) as a symbolic link to somewhere
/// else: folio renders without that cache, says so, and writes nothing through the link.
@Suite struct CacheLinkTests {
    static let notebook = "```{sum} a\nfile: a.txt\n```\n\n```{echo} e\nvalue: \"{{ a.total }}\"\nfigure: true\n```\n"

    /// Every file under `folder`, recursively.
    func files(under folder: URL) -> [String] {
        (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []).sorted()
    }

    @Test(arguments: [".folio", ".folio/cache", ".folio/cache/notebooks", ".folio/cache/columns"])
    func aLinkedCacheFolderIsNotWrittenThrough(link: String) async throws {
        let project = try TestProject(["notebooks/n.md": Self.notebook, "a.txt": "1\n2\n"])
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("folio-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { project.remove(); try? FileManager.default.removeItem(at: outside) }
        let linkURL = project.root.appendingPathComponent(link)
        try FileManager.default.createDirectory(at: linkURL.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: linkURL, withDestinationURL: outside)
        for _ in 0..<2 {
            let summary = await project.render()
            #expect(summary.succeeded && summary.failed == 0)
            #expect(summary.diagnostics.contains { $0.severity == .warning && $0.message.contains("symbolic link") && $0.message.contains("does not use it") })
        }
        #expect(files(under: outside).isEmpty)
        #expect(try project.read("reports/n.md").contains("Echo: 3"))
        // folio check reads no memo through the link either, and writes none.
        _ = project.check()
        #expect(files(under: outside).isEmpty)
    }

    @Test func aRealCacheFolderIsUsedWithoutWarnings() async throws {
        let project = try TestProject(["notebooks/n.md": Self.notebook, "a.txt": "1\n2\n"])
        defer { project.remove() }
        _ = await project.render()
        let summary = await project.render()
        #expect(summary.diagnostics.isEmpty)
        #expect(summary.unchanged == 1)
    }
}
