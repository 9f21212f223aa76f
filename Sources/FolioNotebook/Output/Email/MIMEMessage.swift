import Crypto
import Foundation

/// A whole message (RFC 5322 with MIME, RFC 2045): the envelope-free header block and one
/// root part, written with CRLF line endings.
///
/// Deterministic: the `Date` is given (folio takes it from `FOLIO_DATE` or today's date),
/// boundaries hash the parts (`MIMEPart`), and the `Message-ID` hashes the rest of the
/// message, so the same content gives the same bytes.
public struct MIMEMessage: Sendable {
    public var from: MailAddress
    /// Recipients; empty writes `To: undisclosed-recipients:;` (an empty group) so that the
    /// file is a valid message to forward or to fill in.
    public var to: [MailAddress]
    public var subject: String
    /// The day sent, `YYYY-MM-DD`, written as midnight UTC.
    public var date: String
    public var root: MIMEPart
    /// Extra fields before `MIME-Version` (e.g. `X-Mailer`).
    public var extraHeaders: [MIMEHeader]

    /// Why a message could not be written.
    public struct InvalidDate: Error, CustomStringConvertible {
        public var text: String
        public var description: String { "invalid date '\(text)': expected YYYY-MM-DD (FOLIO_DATE)" }
    }

    public init(from: MailAddress, to: [MailAddress], subject: String, date: String, root: MIMEPart,
                extraHeaders: [MIMEHeader] = []) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.root = root
        self.extraHeaders = extraHeaders
    }

    /// The message file (`.eml`): headers, an empty line, the root part; ASCII with CRLF
    /// line endings, ending in CRLF.
    ///
    /// - Throws: `InvalidDate` when `date` is not a `YYYY-MM-DD` day.
    public func encoded() throws(InvalidDate) -> Data {
        let rootText = root.encoded()
        var fields: [MIMEHeader] = [
            MIMEHeader("From", from.headerValue),
            MIMEHeader("To", to.isEmpty ? "undisclosed-recipients:;" : to.map(\.headerValue).joined(separator: ", ")),
            .text("Subject", subject),
            MIMEHeader("Date", try Self.rfc5322Date(date)),
        ]
        fields += extraHeaders
        let withoutID = fields.map(\.folded).joined() + rootText
        let hex = sha256Hex(withoutID)
        fields.insert(MIMEHeader("Message-ID", "<\(hex.prefix(32))@\(from.domain)>"), at: 4)
        fields.append(MIMEHeader("MIME-Version", "1.0"))
        // The root part's own fields (Content-Type...) continue the message's header block.
        return Data((fields.map(\.folded).joined() + rootText + "\r\n").utf8)
    }

    /// `2026-12-07` -> `Mon, 07 Dec 2026 00:00:00 +0000`.
    static func rfc5322Date(_ day: String) throws(InvalidDate) -> String {
        let parts = day.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let dayOfMonth = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(dayOfMonth) else { throw InvalidDate(text: day) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: dayOfMonth)),
              calendar.component(.day, from: date) == dayOfMonth else { throw InvalidDate(text: day) }
        let weekday = calendar.component(.weekday, from: date)  // 1 = Sunday
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekdays[weekday - 1]), \(parts[2]) \(months[month - 1]) \(parts[0]) 00:00:00 +0000"
    }
}
