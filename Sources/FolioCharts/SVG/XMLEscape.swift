/// Escaping of character data and attribute values for XML 1.0.
///
/// Besides the five markup characters, characters that XML 1.0 forbids (C0 controls
/// other than tab, line feed and carriage return, U+FFFE and U+FFFF) are dropped, so any
/// user string (a feature or symbol name) yields a well-formed document.
enum XMLEscape {
    /// Escapes `&`, `<` and `>` and drops characters XML forbids.
    ///
    /// Complexity: O(n) in the length of `string`.
    static func text(_ string: String) -> String {
        escape(string, quotes: false)
    }

    /// Escapes `&`, `<`, `>`, `"` and `'`, drops characters XML forbids, and writes tab,
    /// line feed and carriage return as character references (attribute value
    /// normalisation would otherwise turn them into spaces).
    ///
    /// Complexity: O(n) in the length of `string`.
    static func attribute(_ string: String) -> String {
        escape(string, quotes: true)
    }

    private static func escape(_ string: String, quotes: Bool) -> String {
        var needsWork = false
        for byte in string.utf8 where byte < 0x20 || byte == 0x26 || byte == 0x3C || byte == 0x3E
            || byte == 0x22 || byte == 0x27 || byte == 0xEF {
            needsWork = true
            break
        }
        if !needsWork { return string }
        var output = ""
        output.reserveCapacity(string.utf8.count + 16)
        for scalar in string.unicodeScalars {
            switch scalar {
            case "&": output.append("&amp;")
            case "<": output.append("&lt;")
            case ">": output.append("&gt;")
            case "\"" where quotes: output.append("&quot;")
            case "'" where quotes: output.append("&apos;")
            case "\t", "\n", "\r":
                if quotes {
                    output.append("&#\(scalar.value);")
                } else {
                    output.unicodeScalars.append(scalar)
                }
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    continue
                }
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
