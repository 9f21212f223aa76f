import Foundation
import Testing
@testable import FolioNotebook

/// Folder hashes: what changes them, what they share, and one walk for concurrent askers.
@Suite struct FileHasherTests {
    private static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("folio-hasher-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("a/b"), withIntermediateDirectories: true)
        try Data("one".utf8).write(to: url.appendingPathComponent("a/x.txt"))
        try Data("two".utf8).write(to: url.appendingPathComponent("a/b/y.txt"))
        try Data("hidden".utf8).write(to: url.appendingPathComponent("a/.z"))
        return url
    }

    @Test func aFolderHashFollowsItsFilesContentsAndNames() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let target = root.appendingPathComponent("a")
        let first = try FileHasher(memoURL: nil).hash(of: target)
        // A new hasher (a new render) with the same files: the same hash.
        #expect(try FileHasher(memoURL: nil).hash(of: target) == first)
        // Hidden files do not count.
        try Data("changed".utf8).write(to: root.appendingPathComponent("a/.z"))
        #expect(try FileHasher(memoURL: nil).hash(of: target) == first)
        // Same size, other bytes: another hash.
        try Data("six".utf8).write(to: root.appendingPathComponent("a/b/y.txt"))
        let second = try FileHasher(memoURL: nil).hash(of: target)
        #expect(second != first)
        // A file renamed: another hash.
        try FileManager.default.moveItem(at: root.appendingPathComponent("a/x.txt"), to: root.appendingPathComponent("a/w.txt"))
        #expect(try FileHasher(memoURL: nil).hash(of: target) != second)
    }

    /// The memo kept on disk is keyed by each file's stat: a file rewritten with other
    /// bytes of the same size is read again, not trusted.
    @Test func theMemoReadsAChangedFileAgain() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let memo = root.appendingPathComponent("memo.json")
        let target = root.appendingPathComponent("a")
        let hasher = FileHasher(memoURL: memo)
        let first = try hasher.hash(of: target)
        hasher.save()
        let file = root.appendingPathComponent("a/x.txt")
        try Data("eno".utf8).write(to: file)
        // Make the change visible to the stamp even on a coarse clock.
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 5)], ofItemAtPath: file.path)
        #expect(try FileHasher(memoURL: memo).hash(of: target) != first)
    }

    /// Blocks asking for one folder at the same time get one hash (the first walk's).
    @Test func concurrentAskersShareOneHash() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        for i in 0..<200 { try Data("\(i)".utf8).write(to: root.appendingPathComponent("a/f\(i).txt")) }
        let hasher = FileHasher(memoURL: nil)
        let target = root.appendingPathComponent("a")
        let hashes = ConcurrentSlots([String?](repeating: nil, count: 8))
        DispatchQueue.concurrentPerform(iterations: 8) { k in hashes.set(k, try? hasher.hash(of: target)) }
        let values = Set(hashes.value.compactMap { $0 })
        #expect(values.count == 1)
        #expect(values.first == (try FileHasher(memoURL: nil).hash(of: target)))
    }
}
