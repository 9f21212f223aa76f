/// The tokens of an HTML fragment, read the way HTML's tokenizer reads them (a subset:
/// the data state, tags, attributes, comments and bogus comments), for `HTMLSanitizer`.
///
/// Tag and attribute names are lowercased; attribute values have their character
/// references decoded; a tag or comment that the input never closes is dropped, as a
/// browser drops it.
struct HTMLTokenizer {
    struct Tag: Equatable {
        var name: String
        var attributes: [(name: String, value: String)]
        var selfClosing: Bool

        static func == (a: Tag, b: Tag) -> Bool {
            a.name == b.name && a.selfClosing == b.selfClosing
                && a.attributes.map(\.name) == b.attributes.map(\.name) && a.attributes.map(\.value) == b.attributes.map(\.value)
        }
    }

    enum Token: Equatable {
        /// Text without `<`, as written (character references left as they are).
        case text(String)
        /// A `<` that starts no tag, comment or declaration: text.
        case lessThan
        case startTag(Tag)
        case endTag(String)
        /// A comment, declaration, processing instruction, CDATA section, `</>` or a tag
        /// left unclosed at the end of the input.
        case dropped
    }

    private let bytes: [UInt8]
    private var i = 0

    init(_ html: String) {
        bytes = Array(html.utf8)
    }

    /// The next token, or nil at the end.
    mutating func next() -> Token? {
        guard i < bytes.count else { return nil }
        guard bytes[i] == UInt8(ascii: "<") else {
            let start = i
            while i < bytes.count, bytes[i] != UInt8(ascii: "<") { i += 1 }
            return .text(String(decoding: bytes[start..<i], as: UTF8.self))
        }
        let after = i + 1 < bytes.count ? bytes[i + 1] : 0
        if Self.isLetter(after) {
            i += 1
            return tag(isEnd: false)
        }
        if after == UInt8(ascii: "/") {
            let third = i + 2 < bytes.count ? bytes[i + 2] : 0
            if Self.isLetter(third) {
                i += 2
                return tag(isEnd: true)
            }
            if i + 2 >= bytes.count {
                i += 1
                return .lessThan  // `</` at the end is text
            }
            i += 2
            skipPast(UInt8(ascii: ">"))  // `</>` and `</ ...>`: ignored or a bogus comment
            return .dropped
        }
        if after == UInt8(ascii: "!") {
            if matches("<!--", at: i) {
                comment()
            } else {
                i += 2
                skipPast(UInt8(ascii: ">"))  // <!DOCTYPE ...>, <![CDATA[ ...>: bogus comments in HTML content
            }
            return .dropped
        }
        if after == UInt8(ascii: "?") {
            i += 2
            skipPast(UInt8(ascii: ">"))
            return .dropped
        }
        i += 1
        return .lessThan
    }

    /// Skips the content of a raw-text element (`script`, `style`, ...) up to its end tag,
    /// which `next()` then returns; to the end of the input when there is none.
    mutating func skipRawText(until name: String) {
        let end = Array("</\(name)".utf8)
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "<"), i + end.count <= bytes.count,
               zip(end, bytes[i..<(i + end.count)]).allSatisfy({ $0 == Self.lower($1) }) {
                let follower = i + end.count < bytes.count ? bytes[i + end.count] : UInt8(ascii: ">")
                if Self.isSpace(follower) || follower == UInt8(ascii: "/") || follower == UInt8(ascii: ">") { return }
            }
            i += 1
        }
    }

    // MARK: - States

    /// A tag after `<` or `</`: its name, attributes and `/>`; `.dropped` when the input
    /// ends inside it.
    private mutating func tag(isEnd: Bool) -> Token {
        let nameStart = i
        while i < bytes.count, !Self.isSpace(bytes[i]), bytes[i] != UInt8(ascii: "/"), bytes[i] != UInt8(ascii: ">") { i += 1 }
        let name = String(decoding: bytes[nameStart..<i].map(Self.lower), as: UTF8.self)
        var attributes: [(name: String, value: String)] = []
        var selfClosing = false
        while true {
            while i < bytes.count, Self.isSpace(bytes[i]) || bytes[i] == UInt8(ascii: "/") {
                selfClosing = bytes[i] == UInt8(ascii: "/")
                i += 1
            }
            guard i < bytes.count else { return .dropped }
            if bytes[i] == UInt8(ascii: ">") {
                i += 1
                break
            }
            selfClosing = false
            // Attribute name: its first character may be `=`.
            let attributeStart = i
            i += 1
            while i < bytes.count, !Self.isSpace(bytes[i]), bytes[i] != UInt8(ascii: "/"), bytes[i] != UInt8(ascii: ">"),
                  bytes[i] != UInt8(ascii: "=") { i += 1 }
            let attributeName = String(decoding: bytes[attributeStart..<i].map(Self.lower), as: UTF8.self)
            while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
            var value = ""
            if i < bytes.count, bytes[i] == UInt8(ascii: "=") {
                i += 1
                while i < bytes.count, Self.isSpace(bytes[i]) { i += 1 }
                guard i < bytes.count else { return .dropped }
                let quote = bytes[i]
                if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    i += 1
                    let valueStart = i
                    while i < bytes.count, bytes[i] != quote { i += 1 }
                    guard i < bytes.count else { return .dropped }
                    value = Self.decodeReferences(bytes[valueStart..<i])
                    i += 1
                } else {
                    let valueStart = i
                    while i < bytes.count, !Self.isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">") { i += 1 }
                    value = Self.decodeReferences(bytes[valueStart..<i])
                }
            }
            attributes.append((attributeName, value))
        }
        return isEnd ? .endTag(name) : .startTag(Tag(name: name, attributes: attributes, selfClosing: selfClosing))
    }

    /// A comment from `<!--`: to `-->` (or `--!>`); `<!-->` and `<!--->` close at once;
    /// unclosed, it runs to the end of the input.
    private mutating func comment() {
        i += 4
        if matches(">", at: i) { i += 1; return }
        if matches("->", at: i) { i += 2; return }
        while i < bytes.count {
            if matches("-->", at: i) { i += 3; return }
            if matches("--!>", at: i) { i += 4; return }
            i += 1
        }
    }

    private mutating func skipPast(_ byte: UInt8) {
        while i < bytes.count, bytes[i] != byte { i += 1 }
        i = min(i + 1, bytes.count)
    }

    private func matches(_ s: StaticString, at position: Int) -> Bool {
        let count = s.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        return s.withUTF8Buffer { zip($0, bytes[position..<(position + count)]).allSatisfy { $0 == $1 } }
    }

    // MARK: - Characters

    static func isLetter(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
    }

    /// HTML's whitespace in tags: tab, line feed, form feed, carriage return, space.
    static func isSpace(_ b: UInt8) -> Bool {
        b == 0x09 || b == 0x0A || b == 0x0C || b == 0x0D || b == 0x20
    }

    static func lower(_ b: UInt8) -> UInt8 {
        b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b + 32 : b
    }

    /// Named references that matter in URLs and common text; others stay as written.
    static let namedReferences: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
        "colon": ":", "Tab": "\t", "NewLine": "\n", "sol": "/", "bsol": "\\", "period": ".", "comma": ",",
        "lpar": "(", "rpar": ")", "semi": ";", "equals": "=", "num": "#", "percnt": "%", "plus": "+",
        "excl": "!", "quest": "?", "lowbar": "_", "hyphen": "-", "dash": "‐",
    ]

    /// `bytes` with `&#123;`, `&#x7b;` (semicolon optional) and the `namedReferences`
    /// replaced by their characters; invalid code points become U+FFFD.
    static func decodeReferences(_ bytes: ArraySlice<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var out = ""
        var k = bytes.startIndex
        var literalStart = k
        func flush(to end: Int) { out += String(decoding: bytes[literalStart..<end], as: UTF8.self) }
        while k < bytes.endIndex {
            guard bytes[k] == UInt8(ascii: "&") else { k += 1; continue }
            var j = k + 1
            if j < bytes.endIndex, bytes[j] == UInt8(ascii: "#") {
                j += 1
                let hex = j < bytes.endIndex && (bytes[j] == UInt8(ascii: "x") || bytes[j] == UInt8(ascii: "X"))
                if hex { j += 1 }
                let digitsStart = j
                var value: UInt32 = 0
                while j < bytes.endIndex, let digit = Self.digit(bytes[j], hex: hex) {
                    value = min(value &* (hex ? 16 : 10) &+ digit, 0x110000)
                    j += 1
                }
                guard j > digitsStart else { k += 1; continue }
                if j < bytes.endIndex, bytes[j] == UInt8(ascii: ";") { j += 1 }
                flush(to: k)
                let valid = value != 0 && !(0xD800...0xDFFF).contains(value)
                out.unicodeScalars.append(valid ? Unicode.Scalar(value) ?? "\u{FFFD}" : "\u{FFFD}")
                k = j
                literalStart = k
                continue
            }
            while j < bytes.endIndex, isLetter(bytes[j]) || (bytes[j] >= UInt8(ascii: "0") && bytes[j] <= UInt8(ascii: "9")) { j += 1 }
            if j < bytes.endIndex, bytes[j] == UInt8(ascii: ";"),
               let replacement = namedReferences[String(decoding: bytes[(k + 1)..<j], as: UTF8.self)] {
                flush(to: k)
                out += replacement
                k = j + 1
                literalStart = k
                continue
            }
            k += 1
        }
        flush(to: bytes.endIndex)
        return out
    }

    private static func digit(_ b: UInt8, hex: Bool) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: return UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: return UInt32(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
