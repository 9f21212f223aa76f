import Foundation
import Testing

@testable import FolioNotebook

/// `ProjectPaths.resolve`: links resolved, dangling links refused, and a folder that another
/// process creates while it resolves taken for the folder it is.
@Suite struct ProjectPathsTests {
    private static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("folio-paths-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return URL(fileURLWithPath: ProjectPaths.resolve(url.path)!)
    }

    @Test func missingComponentsAreKeptAndLinksResolved() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("real"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("via").path, withDestinationPath: "real")
        #expect(ProjectPaths.resolve(root.appendingPathComponent("via/a/b.md").path) == root.path + "/real/a/b.md")
        #expect(ProjectPaths.resolve(root.appendingPathComponent("none/b.md").path) == root.path + "/none/b.md")
    }

    @Test func danglingLinksAndLoopsResolveToNothing() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("dangling").path, withDestinationPath: "nowhere")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("loop").path, withDestinationPath: "loop")
        #expect(ProjectPaths.resolve(root.appendingPathComponent("dangling/r.md").path) == nil)
        #expect(ProjectPaths.resolve(root.appendingPathComponent("loop/r.md").path) == nil)
    }

    /// Two renders started together both create `reports/`. The resolver once saw the folder
    /// missing in `realpath` and present in `lstat` a moment later, and refused it as a
    /// dangling link (CI: "reports is a symbolic link whose target does not exist"). Here one
    /// thread creates and removes the folder over and over while another resolves a path in it.
    @Test func aFolderCreatedMeanwhileIsNotTakenForADanglingLink() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("reports").path
        let target = folder + "/figures/r.md"
        let done = DispatchSemaphore(value: 0)
        let stop = LockedSet()
        Thread.detachNewThread {
            while !stop.contains(0) { mkdir(folder, 0o755); rmdir(folder) }
            done.signal()
        }
        var refused = 0
        for _ in 0..<20_000 where ProjectPaths.resolve(target) == nil { refused += 1 }
        stop.insert(0)
        done.wait()
        #expect(refused == 0)
    }
}

