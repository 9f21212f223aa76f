/// A token of the claims language, with its UTF-8 byte range in the expression.
struct ClaimToken: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case number(Double)
        case string(String)
        /// A name: a path component, a function, or a keyword (`and`, `or`, `not`, `true`,
        /// `false`, `null`).
        case name(String)
        /// `+ - * / ( ) [ ] , . < <= > >= == !=`
        case symbol(String)
        case end
    }

    var kind: Kind
    var offset: Int
    var length: Int
}

/// Splits an expression into tokens.
enum ClaimLexer {
    static let symbols = ["<=", ">=", "==", "!=", "+", "-", "*", "/", "(", ")", "[", "]", ",", ".", "<", ">"]

    static func tokens(_ text: String) throws(ClaimError) -> [ClaimToken] {
        let bytes = Array(text.utf8)
        var out: [ClaimToken] = []
        var i = 0
        func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
        func isNameStart(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b >= 0x80 }
        func isNameByte(_ b: UInt8) -> Bool { isNameStart(b) || isDigit(b) || b == 45 }
        while i < bytes.count {
            let b = bytes[i]
            if b == 32 || b == 9 || b == 10 || b == 13 { i += 1; continue }
            let start = i
            // A number: digits, a fraction, an exponent; `.5` too, but not after a name or `]`
            // (then `.` separates path components: `table.0`).
            let afterPath: Bool = {
                guard let last = out.last else { return false }
                switch last.kind {
                case .name, .number: return true
                case .symbol(let s): return s == "]" || s == ")"
                default: return false
                }
            }()
            if isDigit(b) || (b == 46 && !afterPath && i + 1 < bytes.count && isDigit(bytes[i + 1])) {
                // After a `.` in a path, a run of digits is an index, not a number.
                if let last = out.last, last.kind == .symbol(".") {
                    while i < bytes.count, isDigit(bytes[i]) { i += 1 }
                    out.append(ClaimToken(kind: .name(String(decoding: bytes[start..<i], as: UTF8.self)), offset: start, length: i - start))
                    continue
                }
                while i < bytes.count, isDigit(bytes[i]) || bytes[i] == 95 { i += 1 }
                if i < bytes.count, bytes[i] == 46, i + 1 < bytes.count, isDigit(bytes[i + 1]) || !isNameStart(bytes[i + 1]) {
                    i += 1
                    while i < bytes.count, isDigit(bytes[i]) || bytes[i] == 95 { i += 1 }
                }
                if i < bytes.count, bytes[i] == 101 || bytes[i] == 69 {
                    var j = i + 1
                    if j < bytes.count, bytes[j] == 43 || bytes[j] == 45 { j += 1 }
                    if j < bytes.count, isDigit(bytes[j]) {
                        i = j
                        while i < bytes.count, isDigit(bytes[i]) { i += 1 }
                    }
                }
                let text = String(decoding: bytes[start..<i], as: UTF8.self).replacingOccurrences(of: "_", with: "")
                guard let value = Double(text) else { throw ClaimError("malformed number '\(text)'", at: start) }
                if i < bytes.count, isNameStart(bytes[i]) {
                    throw ClaimError("a number cannot run into a name; put a space or an operator between them", at: i)
                }
                out.append(ClaimToken(kind: .number(value), offset: start, length: i - start))
                continue
            }
            if b == 34 || b == 39 {
                // A string in single or double quotes; a backslash escapes the next character.
                var value: [UInt8] = []
                i += 1
                var closed = false
                while i < bytes.count {
                    if bytes[i] == b { closed = true; i += 1; break }
                    if bytes[i] == 92, i + 1 < bytes.count { value.append(bytes[i + 1]); i += 2; continue }
                    value.append(bytes[i])
                    i += 1
                }
                guard closed else { throw ClaimError("string not closed: add a closing \(b == 34 ? "\"" : "'")", at: start) }
                out.append(ClaimToken(kind: .string(String(decoding: value, as: UTF8.self)), offset: start, length: i - start))
                continue
            }
            if isNameStart(b) {
                while i < bytes.count, isNameByte(bytes[i]) {
                    // Ids may hold `-` (`threshold-policy`): a `-` followed by a letter
                    // continues a name; `x - y` and `n-1` subtract.
                    if bytes[i] == 45, !(i + 1 < bytes.count && isNameStart(bytes[i + 1])) { break }
                    i += 1
                }
                out.append(ClaimToken(kind: .name(String(decoding: bytes[start..<i], as: UTF8.self)), offset: start, length: i - start))
                continue
            }
            if let symbol = symbols.first(where: { s in
                let u = Array(s.utf8)
                return i + u.count <= bytes.count && Array(bytes[i..<(i + u.count)]) == u
            }) {
                i += symbol.utf8.count
                out.append(ClaimToken(kind: .symbol(symbol), offset: start, length: symbol.utf8.count))
                continue
            }
            if b == 61 { throw ClaimError("'=' is not an operator: compare with '=='", at: start) }
            if b == 38 || b == 124 { throw ClaimError("use 'and' and 'or', not '&&' and '||'", at: start) }
            if b == 33 { throw ClaimError("use 'not', not '!'", at: start) }
            let scalar = String(decoding: bytes[start..<min(bytes.count, start + 4)], as: UTF8.self).prefix(1)
            throw ClaimError("unexpected character '\(scalar)'", at: start)
        }
        out.append(ClaimToken(kind: .end, offset: bytes.count, length: 0))
        return out
    }
}
