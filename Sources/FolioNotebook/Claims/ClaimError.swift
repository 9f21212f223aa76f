/// A problem in a claim's expression: a syntax error, an unknown path or a type mismatch,
/// at a character of the expression (`offset`, in UTF-8 bytes from its start).
public struct ClaimError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Where in the expression the problem is, in UTF-8 bytes from its first character.
    public var offset: Int

    public init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }

    public var description: String { "\(message) (at character \(offset + 1))" }
}
