/// Quoted-printable (RFC 2045, section 6.7) for the text parts of a message.
///
/// Lines of the input (LF or CRLF) become lines of the output ending in CRLF (hard breaks);
/// an encoded line longer than 76 characters is split by soft breaks (`=` then CRLF). Bytes
/// outside printable ASCII, `=` itself, a space or tab ending a line and a `.` starting one
/// (which SMTP would double) are written as `=XX`. The bytes of one character (a multibyte
/// UTF-8 sequence) always stay on one encoded line, so a reader that decodes line by line
/// never sees half a character.
public enum QuotedPrintable {
    /// The longest encoded line, soft-break `=` included (RFC 2045).
    public static let maxLineLength = 76

    /// `text` encoded, lines separated by CRLF; the result is ASCII.
    ///
    /// - Complexity: O(`text` length).
    public static func encode(_ text: String) -> String {
        // By scalars: "\r\n" is one Character, so splitting the String at "\n" would miss it.
        let pieces = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        var lines = pieces.enumerated().map { index, line in
            index < pieces.count - 1 && line.last == "\r" ? line.dropLast() : line  // CRLF; a lone CR is data
        }
        // "a\n" is one line ending in a hard break, not two lines.
        let endsWithBreak = lines.count > 1 && lines.last?.isEmpty == true
        if endsWithBreak { lines.removeLast() }
        let encoded = lines.map(encodeLine)
        return encoded.joined(separator: "\r\n") + (endsWithBreak ? "\r\n" : "")
    }

    /// One line without its break, as one or more encoded lines joined by soft breaks.
    static func encodeLine(_ line: Substring.UnicodeScalarView) -> String {
        // One token per Unicode scalar: its literal character or all its `=XX` escapes.
        let scalars = Array(line)
        var tokens: [String] = []
        tokens.reserveCapacity(scalars.count)
        for (index, scalar) in scalars.enumerated() {
            let isLast = index == scalars.count - 1
            let literal: Bool
            switch scalar.value {
            case 0x3D: literal = false  // `=`
            case 0x20, 0x09: literal = !isLast  // whitespace ending a line must be encoded
            case 0x2E: literal = index != 0  // a lone `.` line ends an SMTP message
            case 0x21...0x7E: literal = true
            default: literal = false
            }
            if literal {
                tokens.append(String(Character(scalar)))
            } else {
                tokens.append(String(scalar).utf8.map(escape).joined())
            }
        }
        var out = ""
        var current = ""
        for (index, var token) in tokens.enumerated() {
            let isLast = index == tokens.count - 1
            let limit = isLast ? maxLineLength : maxLineLength - 1  // room for the soft break's `=`
            if current.utf8.count + token.utf8.count > limit {
                out += current + "=\r\n"
                current = ""
                if token == "." { token = "=2E" }
            }
            current += token
        }
        return out + current
    }

    /// `=XX` for one byte, upper-case hexadecimal as RFC 2045 requires.
    static func escape(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }

    /// The bytes `encoded` stands for: soft breaks removed, `=XX` decoded, hard breaks kept
    /// as CRLF. For tests and round trips; a malformed escape is kept as written.
    public static func decode(_ encoded: String) -> [UInt8] {
        let bytes = Array(encoded.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
            case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
            default: nil
            }
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "=") {
                if i + 2 < bytes.count, bytes[i + 1] == 0x0D, bytes[i + 2] == 0x0A { i += 3; continue }
                if i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 2; continue }
                if i + 2 < bytes.count, let high = hex(bytes[i + 1]), let low = hex(bytes[i + 2]) {
                    out.append(high << 4 | low)
                    i += 3
                    continue
                }
            }
            out.append(b)
            i += 1
        }
        return out
    }
}
