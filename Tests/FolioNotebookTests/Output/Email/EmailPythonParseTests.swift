import Foundation
import Testing
@testable import FolioNotebook

/// Python's standard `email` package (policy=default, which is strict about RFC 5322 and
/// MIME) parses the message back: structure, content types, decoded text and attachments.
@Suite struct EmailPythonParseTests {
    /// Whether `python3` runs and imports `email`.
    static let pythonAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import email.policy"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    static let script = #"""
    import email, email.policy, json, sys, base64
    raw = open(sys.argv[1], "rb").read()
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    out = {"defects": [str(d) for d in msg.defects], "parts": [], "attachments": {}, "inline": {}}
    out["subject"] = str(msg["subject"])
    out["from"] = str(msg["from"]); out["to"] = str(msg["to"]); out["date"] = str(msg["date"])
    out["message_id"] = str(msg["message-id"])
    for part in msg.walk():
        out["parts"].append(part.get_content_type())
        out["defects"] += [str(d) for d in part.defects]
        if part.is_multipart():
            continue
        disposition = part.get_content_disposition()
        if disposition == "attachment":
            out["attachments"][part.get_filename()] = base64.b64encode(part.get_payload(decode=True)).decode()
        elif part.get_content_type() == "text/plain":
            out["text"] = part.get_content().replace("\r\n", "\n")
        elif part.get_content_type() == "text/html":
            out["html"] = part.get_content().replace("\r\n", "\n")
        else:
            out["inline"][part["content-id"]] = base64.b64encode(part.get_payload(decode=True)).decode()
    body = msg.get_body(preferencelist=("html", "plain"))
    out["body_type"] = body.get_content_type()
    print(json.dumps(out))
    """#

    @Test(.enabled(if: pythonAvailable, "python3 (with its standard email package) is not installed: skipping the parse-back test"))
    func pythonParsesTheMessageBack() throws {
        let project = try ReportEmailTests.project()
        defer { project.remove() }
        let email = try ReportEmailTests.email(project, .init(
            from: try MailAddress(parsing: "Équipe folio <folio@example.com>"),
            to: [try MailAddress(parsing: "Ana <ana@example.com>"), try MailAddress(parsing: "bo@example.com")],
            subject: "Phase 4 — résumé exécutif pour les parties prenantes, avec un sujet assez long pour être plié",
            date: "2026-12-07"))
        let eml = project.root.appendingPathComponent("reports/summary.eml")
        try ReportEmail.write(email.message, to: eml, paths: ProjectPaths(root: project.root), force: false)
        try Data(Self.script.utf8).write(to: project.root.appendingPathComponent("parse.py"))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", project.root.appendingPathComponent("parse.py").path, eml.path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 failed: \(errorText)")
        let parsed = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])

        #expect((parsed["defects"] as? [String]) == [], "defects: \(parsed["defects"] ?? "")")
        #expect((parsed["parts"] as? [String]) == [
            "multipart/mixed", "multipart/alternative", "text/plain", "multipart/related", "text/html", "image/png",
            "text/html", "text/html",
        ])
        #expect(parsed["subject"] as? String == email.subject)
        #expect(parsed["from"] as? String == "Équipe folio <folio@example.com>")
        #expect(parsed["to"] as? String == "Ana <ana@example.com>, bo@example.com")
        #expect(parsed["date"] as? String == "Mon, 07 Dec 2026 00:00:00 +0000")
        #expect((parsed["message_id"] as? String)?.hasSuffix("@example.com>") == true)
        #expect(parsed["body_type"] as? String == "text/html")
        #expect(parsed["text"] as? String == email.plainText)
        #expect(parsed["html"] as? String == email.html)
        let attachments = try #require(parsed["attachments"] as? [String: String])
        #expect(Set(attachments.keys) == Set(email.attachments.map(\.fileName)))
        for attachment in email.attachments {
            #expect(attachments[attachment.fileName].flatMap { Data(base64Encoded: $0) } == attachment.data, "\(attachment.fileName)")
        }
        let inline = try #require(parsed["inline"] as? [String: String])
        #expect(inline["<summary-bt-equity.png@folio>"].flatMap { Data(base64Encoded: $0) } == email.figures.first?.image.png)
    }
}
