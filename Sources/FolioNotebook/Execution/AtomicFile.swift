import Foundation

/// Atomic writes: a temporary file in the same folder, then `rename(2)`, so that a reader
/// (or an interrupted render) never sees half a file.
enum AtomicFile {
    /// Writes `data` to `url`, creating folders as needed. Returns `false` without
    /// touching the file when it already holds exactly these bytes.
    @discardableResult
    static func write(_ data: Data, to url: URL) throws -> Bool {
        let fm = FileManager.default
        if let existing = fm.contents(atPath: url.path), existing == data { return false }
        try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt64.random(in: 0...UInt64.max)).tmp")
        guard fm.createFile(atPath: temporary.path, contents: data) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            try? fm.removeItem(at: temporary)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
        return true
    }

    @discardableResult
    static func write(_ text: String, to url: URL) throws -> Bool {
        try write(Data(text.utf8), to: url)
    }
}
