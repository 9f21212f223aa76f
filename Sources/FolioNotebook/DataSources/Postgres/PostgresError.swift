/// A problem reaching or reading a PostgreSQL data source: a bad URL, a failed connection,
/// a server error. The message never holds a password (URLs with one are refused before
/// anything connects, and libpq's messages do not repeat it).
public struct PostgresError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message, without location; the caller places it in the notebook.
    public var message: String

    /// Creates an error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
