import Foundation

/// Standard output and standard error through `write(2)`, which reports a full disk or a
/// closed pipe as an error code instead of trapping as `FileHandle.write(_:)` does.
///
/// folio ignores `SIGPIPE` (`Console.ignoreBrokenPipes()` at start-up), so a reader that
/// goes away makes writes fail with `EPIPE` rather than killing the process.
public enum Console {
    /// A failed write to standard output, in words: `broken pipe: standard output`.
    public struct OutputError: Error, CustomStringConvertible {
        public var code: Int32
        public var description: String {
            let text = String(cString: strerror(code))
            return text.prefix(1).lowercased() + text.dropFirst() + ": standard output"
        }
    }

    /// Makes writes to a closed pipe fail with `EPIPE` instead of ending the process.
    public static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes `text` to standard error. Diagnostics have nowhere else to go, so a failure
    /// (disk full, closed pipe) is dropped; it never traps.
    public static func writeError(_ text: String) {
        _ = write(text, to: STDERR_FILENO)
    }

    /// Writes `text` to standard output.
    /// - Throws: `OutputError` when the bytes cannot be written (e.g. `EPIPE`, `ENOSPC`).
    public static func writeOutput(_ text: String) throws(OutputError) {
        if let code = write(text, to: STDOUT_FILENO) { throw OutputError(code: code) }
    }

    /// Writes every byte of `text` to `fd`; returns the error code of a failed write.
    static func write(_ text: String, to fd: Int32) -> Int32? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let n = systemWrite(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
    }
}
