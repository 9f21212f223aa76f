import Foundation

extension ReportEmail {
    /// The message file beside a report: `reports/x.md` -> `reports/x.eml`.
    public static func defaultOutput(for report: URL) -> URL {
        report.deletingPathExtension().appendingPathExtension("eml")
    }

    /// Writes `message` to `url` atomically (skipped when the bytes are unchanged).
    ///
    /// - Returns: whether the file changed.
    /// - Throws: `Failure` when `url` lies outside the project or in a folder people write
    ///   (`notebooks/`, `data/`...), when a file folio did not write is in the way (unless
    ///   `force`), when the date is invalid, or when the write fails.
    @discardableResult
    public static func write(_ message: MIMEMessage, to url: URL, paths: ProjectPaths, force: Bool) throws(Failure) -> Bool {
        let shown = paths.display(url)
        guard url.pathExtension == "eml" else { throw Failure("the message file '\(shown)' must end in .eml") }
        if let refusal = paths.writeRefusal(forFolder: url.deletingLastPathComponent()) { throw Failure("cannot write \(shown): \(refusal)") }
        if !force, let reason = GeneratedFile.foreignReason(at: url, kind: .email, shown: shown) {
            throw Failure("\(reason); folio will not replace it. Move it away, choose another --out, or use --force")
        }
        let data: Data
        do { data = try message.encoded() } catch { throw Failure(error.description) }
        do {
            return try AtomicFile.write(data, to: url)
        } catch {
            throw Failure("cannot write the message: \(error.shown(as: shown))")
        }
    }

    /// Today's date (UTC) as `YYYY-MM-DD`, or `FOLIO_DATE` when set: the message's `Date`,
    /// so that two runs on one day write the same bytes.
    public static func today() -> String { Decision.today() }
}
