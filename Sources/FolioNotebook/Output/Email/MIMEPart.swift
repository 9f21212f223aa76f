import Crypto
import Foundation

/// One entity of a MIME message (RFC 2045/2046): a text body (quoted-printable, UTF-8), a
/// binary body (base64) or a multipart of other parts.
///
/// A multipart's boundary is derived from the SHA-256 of its encoded children, so the same
/// content always gives the same bytes. It starts with `=_`, which neither quoted-printable
/// nor base64 can produce, so it never occurs inside a part.
public struct MIMEPart: Sendable {
    /// What the part holds.
    public enum Body: Sendable {
        /// Text, sent as quoted-printable UTF-8 (its line breaks become CRLF).
        case text(String)
        /// Bytes, sent as base64.
        case binary(Data)
        /// Other parts, under `multipart/<subtype>`.
        case multipart(subtype: String, parts: [MIMEPart])
    }

    /// The media type with its parameters, e.g. `text/plain; charset=utf-8`; for a
    /// multipart, its subtype's extra parameters only (`type="text/html"` for related),
    /// the boundary is added when writing.
    public var contentType: String
    public var body: Body
    /// Further fields: `Content-ID`, `Content-Disposition`.
    public var headers: [MIMEHeader]

    public init(contentType: String, body: Body, headers: [MIMEHeader] = []) {
        self.contentType = contentType
        self.body = body
        self.headers = headers
    }

    /// A `text/<subtype>; charset=utf-8` part.
    public static func text(_ text: String, subtype: String = "plain", headers: [MIMEHeader] = []) -> MIMEPart {
        MIMEPart(contentType: "text/\(subtype); charset=utf-8", body: .text(text), headers: headers)
    }

    /// A `multipart/<subtype>` of `parts`; `parameters` (e.g. `type="text/html"`) follow the boundary.
    public static func multipart(_ subtype: String, _ parts: [MIMEPart], parameters: String = "") -> MIMEPart {
        MIMEPart(contentType: parameters, body: .multipart(subtype: subtype, parts: parts))
    }

    /// An attachment: `Content-Disposition: attachment` with the file name (RFC 2231
    /// `filename*` when it is not plain ASCII), sent as base64 so it decodes to exactly `data`.
    public static func attachment(_ data: Data, contentType: String, fileName: String) -> MIMEPart {
        MIMEPart(contentType: contentType + "; " + parameter("name", fileName), body: .binary(data),
                 headers: [MIMEHeader("Content-Disposition", "attachment; " + parameter("filename", fileName))])
    }

    /// An inline image referenced from HTML as `cid:<contentID>`.
    public static func inlineImage(_ data: Data, contentType: String, contentID: String, fileName: String) -> MIMEPart {
        MIMEPart(contentType: contentType + "; " + parameter("name", fileName), body: .binary(data),
                 headers: [MIMEHeader("Content-ID", "<\(contentID)>"),
                           MIMEHeader("Content-Disposition", "inline; " + parameter("filename", fileName))])
    }

    /// `name="value"` for a token-safe ASCII value, else RFC 2231's `name*=utf-8''percent-encoded`.
    static func parameter(_ name: String, _ value: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~ ".utf8)
        if !value.isEmpty, value.utf8.allSatisfy({ safe.contains($0) }) { return "\(name)=\"\(value)\"" }
        let unreserved = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~".utf8)
        let encoded = value.utf8.map { unreserved.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }.joined()
        return "\(name)*=utf-8''\(encoded)"
    }

    /// The part as written: its header fields (folded, CRLF), an empty line, the encoded body.
    public func encoded() -> String {
        var fields: [MIMEHeader]
        var content: String
        switch body {
        case .text(let text):
            fields = [MIMEHeader("Content-Type", contentType), MIMEHeader("Content-Transfer-Encoding", "quoted-printable")]
            content = QuotedPrintable.encode(text)
        case .binary(let data):
            fields = [MIMEHeader("Content-Type", contentType), MIMEHeader("Content-Transfer-Encoding", "base64")]
            content = Base64Lines.encode(data)
        case .multipart(let subtype, let parts):
            let children = parts.map { $0.encoded() }
            let boundary = Self.boundary(for: children)
            let extra = contentType.isEmpty ? "" : "; " + contentType
            fields = [MIMEHeader("Content-Type", "multipart/\(subtype); boundary=\"\(boundary)\"" + extra)]
            content = children.map { "--\(boundary)\r\n\($0)\r\n" }.joined() + "--\(boundary)--"
        }
        fields += headers
        return fields.map(\.folded).joined() + "\r\n" + content
    }

    /// `=_folio_` and 32 hexadecimal digits of the SHA-256 of the children.
    static func boundary(for children: [String]) -> String {
        var hasher = SHA256()
        for child in children {
            hasher.update(data: Data(child.utf8))
            hasher.update(data: Data([0]))
        }
        let hex = hasher.finalize().hex
        return "=_folio_" + hex.prefix(32)
    }
}
