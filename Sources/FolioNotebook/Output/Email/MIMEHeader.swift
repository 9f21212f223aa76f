import Foundation

/// One header field of a message or part (RFC 5322 section 2.2, RFC 2047), written with
/// CRLF and folded at spaces so that no line exceeds 78 characters where the value allows
/// it. Text with non-ASCII characters (a subject, a display name) goes in encoded-words
/// (`=?utf-8?B?...?=`), each at most 75 characters and never splitting a character.
public struct MIMEHeader: Sendable, Equatable {
    /// The field name, e.g. `Subject`.
    public var name: String
    /// The value as it goes on the wire (ASCII, already encoded), unfolded.
    public var value: String

    /// The longest line the folding aims for (RFC 5322's recommended limit).
    public static let maxLineLength = 78

    /// A field whose value is already ASCII (structured fields: addresses, content types).
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// An unstructured field (`Subject`) from any text: ASCII as it is, otherwise as
    /// encoded-words. Line breaks in `text` become spaces.
    public static func text(_ name: String, _ text: String) -> MIMEHeader {
        let flat = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ")
        return MIMEHeader(name, isPlainASCII(flat) ? flat : encodedWords(flat).joined(separator: " "))
    }

    /// The field as written: `Name: value`, folded (CRLF then a space) before a space
    /// wherever a line would pass 78 characters, ending in CRLF.
    public var folded: String {
        let words = value.split(separator: " ", omittingEmptySubsequences: false)
        var lines: [String] = []
        var current = name + ":"
        for word in words {
            if current.utf8.count + 1 + word.utf8.count > Self.maxLineLength, current.contains(where: { $0 != " " }),
               current != name + ":" {
                lines.append(current)
                current = ""
            }
            current += " " + word
        }
        lines.append(current)
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Whether `text` can go in a header as it is: printable ASCII and spaces, and nothing
    /// that a reader would take for an encoded-word.
    static func isPlainASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && !text.contains("=?")
    }

    /// `text` as RFC 2047 encoded-words (`=?utf-8?B?...?=`), each at most 64 characters
    /// (RFC 2047 allows 75), so that one fits on a line after `Subject: `: 39 bytes of
    /// UTF-8 at most per word, cut between characters.
    public static func encodedWords(_ text: String) -> [String] {
        let maxBytes = 39  // 52 base64 characters + `=?utf-8?B?` + `?=` = 64
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if !chunk.isEmpty, chunk.count + bytes.count > maxBytes {
                words.append(word(chunk))
                chunk = []
            }
            if bytes.count > maxBytes {
                // A character longer than a word (a long emoji sequence): split by scalars.
                for scalar in character.unicodeScalars {
                    let scalarBytes = Array(String(scalar).utf8)
                    if !chunk.isEmpty, chunk.count + scalarBytes.count > maxBytes {
                        words.append(word(chunk))
                        chunk = []
                    }
                    chunk += scalarBytes
                }
            } else {
                chunk += bytes
            }
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?utf-8?B?" + Data(bytes).base64EncodedString() + "?="
    }
}
