import Foundation
import Testing
@testable import FolioNotebook

/// `folio watch`'s change monitor: kernel notifications on Linux, bursts gathered, new folders
/// followed, editor litter ignored.
@Suite struct ChangeMonitorTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("folio-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("notebooks/sub"), withIntermediateDirectories: true)
        return url
    }

    /// Runs `change` on another thread after a short delay, and waits for the monitor.
    static func changes(_ monitor: ChangeMonitor, after change: @escaping @Sendable () throws -> Void) async -> (paths: [String], seconds: Double) {
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.05)
            try? change()
        }
        let start = Date()
        let paths = await monitor.changes()
        return (paths, Date().timeIntervalSince(start))
    }

    #if os(Linux)
    @Test func kernelNotificationsAreUsedOnLinux() throws {
        let root = try ChangeMonitorTests.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(ChangeMonitor(roots: [root]).usesKernelNotifications)
    }
    #endif

    /// A save is reported with its path. How quickly is measured by the benchmark
    /// (`Benchmarks/watch_latency.py`), not here: under the whole suite's load the await
    /// itself can wait seconds for a thread.
    @Test func aSaveIsSeen() async throws {
        let root = try ChangeMonitorTests.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let monitor = ChangeMonitor(roots: [root.appendingPathComponent("notebooks")], pollInterval: .milliseconds(50))
        let file = root.appendingPathComponent("notebooks/sub/a.md")
        let (paths, _) = await ChangeMonitorTests.changes(monitor) {
            try "# A\n".write(to: file, atomically: false, encoding: .utf8)
        }
        #expect(paths.contains(file.path), "\(paths)")
    }

    /// An editor's save by rename (write a temporary file, rename it over the notebook) and a
    /// burst of saves come back as one batch.
    @Test func aBurstIsOneBatch() async throws {
        let root = try ChangeMonitorTests.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let notebooks = root.appendingPathComponent("notebooks")
        let monitor = ChangeMonitor(roots: [notebooks], quiet: .seconds(1), pollInterval: .milliseconds(50))
        let (paths, _) = await ChangeMonitorTests.changes(monitor) {
            for i in 0..<5 {
                try "x\(i)\n".write(to: notebooks.appendingPathComponent("n\(i).md"), atomically: true, encoding: .utf8)
                Thread.sleep(forTimeInterval: 0.005)
            }
        }
        for i in 0..<5 { #expect(paths.contains(notebooks.appendingPathComponent("n\(i).md").path), "\(paths)") }
    }

    @Test func newFoldersAreFollowed() async throws {
        let root = try ChangeMonitorTests.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let notebooks = root.appendingPathComponent("notebooks")
        let monitor = ChangeMonitor(roots: [notebooks], pollInterval: .milliseconds(50))
        let folder = notebooks.appendingPathComponent("new")
        _ = await ChangeMonitorTests.changes(monitor) {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        }
        let file = folder.appendingPathComponent("b.md")
        let (paths, _) = await ChangeMonitorTests.changes(monitor) {
            try "# B\n".write(to: file, atomically: false, encoding: .utf8)
        }
        #expect(paths.contains(file.path), "\(paths)")
    }

    /// Swap files, backups and vim's probe are not inputs; the save that follows them is.
    @Test func editorLitterIsIgnored() async throws {
        let root = try ChangeMonitorTests.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let notebooks = root.appendingPathComponent("notebooks")
        let monitor = ChangeMonitor(roots: [notebooks], pollInterval: .milliseconds(50))
        let (paths, _) = await ChangeMonitorTests.changes(monitor) {
            for name in [".a.md.swp", "a.md~", "4913"] {
                try "junk\n".write(to: notebooks.appendingPathComponent(name), atomically: false, encoding: .utf8)
            }
            Thread.sleep(forTimeInterval: 0.1)
            try "# A\n".write(to: notebooks.appendingPathComponent("a.md"), atomically: false, encoding: .utf8)
        }
        #expect(paths == [notebooks.appendingPathComponent("a.md").path])
    }

    @Test(arguments: [("a.md", true), ("data.csv", true), (".a.md.swp", false), ("a.md~", false), ("4913", false), ("", false)])
    func relevance(_ name: String, _ relevant: Bool) {
        #expect(ChangeMonitor.isRelevant(name) == relevant)
    }
}
