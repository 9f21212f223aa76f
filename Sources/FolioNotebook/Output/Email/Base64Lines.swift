import Foundation

/// Base64 (RFC 2045, section 6.8) for the binary parts of a message: lines of at most 76
/// characters separated by CRLF.
public enum Base64Lines {
    /// The longest line of a base64 body (RFC 2045).
    public static let lineLength = 76

    /// `data` in base64, in lines of `lineLength` characters joined by CRLF (no break after
    /// the last line); the empty string for empty data.
    public static func encode(_ data: Data) -> String {
        data.base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
    }
}
