import Crypto
import Foundation

/// Content hashes (SHA-256) of the files directives read, memoised by path, size,
/// modification time and inode in `.folio/cache/files.json`, so that a warm render hashes
/// nothing it has hashed before.
public final class FileHasher: @unchecked Sendable {
    private struct Stamp: Hashable {
        var size: UInt64
        var modified: Int64
        var inode: UInt64
    }

    private let lock = NSLock()
    private var memo: [String: (Stamp, String)] = [:]
    private var dirty = false
    private let memoURL: URL?

    /// - Parameter memoURL: where the memo is kept across runs; `nil` keeps it in memory.
    public init(memoURL: URL?) {
        self.memoURL = memoURL
        guard let memoURL, let text = try? String(contentsOf: memoURL, encoding: .utf8),
              case .object(let object)? = try? JSONValue(parsing: text) else { return }
        for (path, entry) in object.pairs {
            guard case .array(let fields) = entry, fields.count == 4,
                  let size = fields[0].stringValue.flatMap({ UInt64($0) }),
                  let modified = fields[1].stringValue.flatMap({ Int64($0) }),
                  let inode = fields[2].stringValue.flatMap({ UInt64($0) }),
                  let hash = fields[3].stringValue else { continue }
            memo[path] = (Stamp(size: size, modified: modified, inode: inode), hash)
        }
    }

    /// The hex SHA-256 of a file's contents, or for a folder, of the sorted list of its
    /// files' relative paths and hashes (hidden files skipped).
    public func hash(of url: URL) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        if !isDirectory.boolValue { return try hashFile(url) }
        let base = url.standardizedFileURL.path
        var lines: [String] = []
        let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey],
                                                        options: [.skipsHiddenFiles])
        var files: [URL] = []
        while let item = enumerator?.nextObject() as? URL {
            if (try? item.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { files.append(item) }
        }
        for file in files.sorted(by: { $0.path < $1.path }) {
            let relative = String(file.standardizedFileURL.path.dropFirst(base.count))
            lines.append("\(relative) \(try hashFile(file))")
        }
        return SHA256.hash(data: Data(lines.joined(separator: "\n").utf8)).hex
    }

    private func hashFile(_ url: URL) throws -> String {
        let path = url.standardizedFileURL.path
        var info = stat()
        guard stat(path, &info) == 0 else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        let stamp = Stamp(size: UInt64(info.st_size),
                          modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                          inode: UInt64(info.st_ino))
        lock.lock()
        if let (known, hash) = memo[path], known == stamp {
            lock.unlock()
            return hash
        }
        lock.unlock()
        let hash = try FileHasher.sha256(path: path)
        lock.lock()
        memo[path] = (stamp, hash)
        dirty = true
        lock.unlock()
        return hash
    }

    /// Streams a file through SHA-256 in 1 MiB chunks.
    static func sha256(path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return hasher.finalize().hex
    }

    /// Writes the memo back when it changed.
    public func save() {
        lock.lock()
        defer { lock.unlock() }
        guard dirty, let memoURL else { return }
        var object = JSONObject()
        for path in memo.keys.sorted() {
            let (stamp, hash) = memo[path]!
            object[path] = .array([.string(String(stamp.size)), .string(String(stamp.modified)), .string(String(stamp.inode)), .string(hash)])
        }
        _ = try? AtomicFile.write(JSONValue.object(object).compact(), to: memoURL)
        dirty = false
    }
}

extension Digest {
    /// Lower-case hexadecimal.
    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        for byte in self { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}

/// SHA-256 of a string, hex.
func sha256Hex(_ text: String) -> String {
    SHA256.hash(data: Data(text.utf8)).hex
}
