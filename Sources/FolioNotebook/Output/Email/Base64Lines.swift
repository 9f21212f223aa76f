import Foundation

/// Base64 (RFC 2045, section 6.8) for the binary parts of a message: lines of at most 76
/// characters separated by CRLF.
public enum Base64Lines {
    /// The longest line of a base64 body (RFC 2045).
    public static let lineLength = 76

    /// `data` in base64, in lines of `lineLength` characters joined by CRLF (no break after
    /// the last line); the empty string for empty data.
    public static func encode(_ data: Data) -> String {
        let flat = Array(data.base64EncodedString().utf8)
        var out = ""
        out.reserveCapacity(flat.count + flat.count / lineLength * 2 + 2)
        var start = 0
        while start < flat.count {
            let end = min(start + lineLength, flat.count)
            if start > 0 { out += "\r\n" }
            out += String(decoding: flat[start..<end], as: UTF8.self)
            start = end
        }
        return out
    }
}
