import Foundation

/// Atomic writes: a temporary file in the same folder, then `rename(2)`, so that a reader
/// (or an interrupted render) never sees half a file. A link at the destination is
/// replaced, never followed.
enum AtomicFile {
    /// Why a write failed, in words: `no space left on device: reports/x.md`.
    struct WriteError: Error, CustomStringConvertible {
        var path: String
        var code: Int32

        /// The system's message for `code`, lower-cased as Unix tools print it.
        var reason: String {
            let text = String(cString: strerror(code))
            return text.prefix(1).lowercased() + text.dropFirst()
        }

        var description: String { "\(reason): \(path)" }

        /// The same error with the path shown relative to the project.
        func shown(as path: String) -> WriteError { WriteError(path: path, code: code) }
    }

    /// Writes `data` to `url`, creating folders as needed. Returns `false` without
    /// touching the file when it already holds exactly these bytes.
    ///
    /// - Throws: `WriteError` (disk full, permission denied, read-only file system...).
    @discardableResult
    static func write(_ data: Data, to url: URL) throws(WriteError) -> Bool {
        let path = url.path
        // Only a regular file of the same size is read back for comparison: a device or
        // a pipe at the destination (through a link) must never be read.
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) == data.count,
           let existing = FileManager.default.contents(atPath: path), existing == data {
            return false
        }
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw WriteError(path: folder.path, code: AtomicFile.posixCode(of: error) ?? EACCES)
        }
        let temporary = folder.appendingPathComponent(
            ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt64.random(in: 0...UInt64.max)).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw WriteError(path: path, code: errno) }
        var failure: Int32?
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let n = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if close(fd) != 0, failure == nil { failure = errno }
        if failure == nil, rename(temporary, path) != 0 { failure = errno }
        if let failure {
            unlink(temporary)
            throw WriteError(path: path, code: failure)
        }
        return true
    }

    @discardableResult
    static func write(_ text: String, to url: URL) throws(WriteError) -> Bool {
        try write(Data(text.utf8), to: url)
    }

    /// The POSIX error code behind a Foundation error, when there is one.
    static func posixCode(of error: Error) -> Int32? {
        let nsError = error as NSError
        if nsError.domain == NSPOSIXErrorDomain { return Int32(nsError.code) }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return Int32(underlying.code)
        }
        switch CocoaError.Code(rawValue: nsError.code) {
        case .fileWriteOutOfSpace: return ENOSPC
        case .fileWriteNoPermission, .fileReadNoPermission: return EACCES
        case .fileWriteVolumeReadOnly: return EROFS
        case .fileWriteFileExists: return EEXIST
        default: return nil
        }
    }
}

/// `write(2)`, outside `AtomicFile` and `Console` whose own `write` would shadow it.
func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
