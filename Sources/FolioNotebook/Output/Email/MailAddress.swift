/// A mailbox for `From` and `To` (RFC 5322 section 3.4): an address and an optional
/// display name, read from `Name <local@domain>` or `local@domain`.
public struct MailAddress: Sendable, Equatable {
    /// `local@domain`, ASCII.
    public var address: String
    /// The name shown by mail readers, any text.
    public var displayName: String?

    /// Why a mailbox could not be read.
    public struct InvalidAddress: Error, CustomStringConvertible, Equatable {
        public var text: String
        public var reason: String
        public var description: String { "invalid mail address '\(text)': \(reason)" }
    }

    public init(address: String, displayName: String? = nil) {
        self.address = address
        self.displayName = displayName
    }

    /// Reads `Name <local@domain>`, `"Name" <local@domain>` or `local@domain`.
    ///
    /// - Throws: `InvalidAddress` naming what is wrong (no `@`, a space or a non-ASCII
    ///   character in the address, a line break anywhere).
    public init(parsing text: String) throws(InvalidAddress) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        // By scalars: "\r\n" is one Character, equal to neither "\r" nor "\n".
        guard !trimmed.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) else {
            throw InvalidAddress(text: text, reason: "it contains a line break")
        }
        var name: String?
        var address = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var shown = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if shown.count >= 2, shown.hasPrefix("\""), shown.hasSuffix("\"") {
                shown = String(shown.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                    .replacingOccurrences(of: "\\\\", with: "\\")
            }
            name = shown.isEmpty ? nil : shown
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw InvalidAddress(text: text, reason: "expected local@domain")
        }
        let forbidden: Set<UInt8> = Set("<>()[]\\,;:\" ".utf8)
        guard address.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && !forbidden.contains($0) }) else {
            throw InvalidAddress(text: text, reason: "an address holds ASCII letters, digits and .!#$%&'*+-/=?^_`{|}~ only")
        }
        guard !parts[1].hasPrefix("."), !parts[1].hasSuffix("."), !parts[1].contains("..") else {
            throw InvalidAddress(text: text, reason: "the domain '\(parts[1])' is not a host name")
        }
        self.init(address: address, displayName: name)
    }

    /// The domain after the `@`.
    public var domain: String { String(address[address.index(after: address.firstIndex(of: "@")!)...]) }

    /// The mailbox as it goes in a header: the name as atoms, a quoted string or
    /// encoded-words, then `<address>`.
    public var headerValue: String {
        guard let displayName, !displayName.isEmpty else { return address }
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ".utf8)
        let shown: String
        if !MIMEHeader.isPlainASCII(displayName) {
            shown = MIMEHeader.encodedWords(displayName).joined(separator: " ")
        } else if displayName.utf8.allSatisfy({ atext.contains($0) }), !displayName.hasPrefix(" "), !displayName.hasSuffix(" ") {
            shown = displayName
        } else {
            shown = "\"" + displayName.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return "\(shown) <\(address)>"
    }
}
