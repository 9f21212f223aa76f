import Foundation
import Testing
@testable import FolioNotebook

/// `trimmingNewlines()` (used on every notebook line) trims what Foundation's
/// `trimmingCharacters(in: .newlines)` trims.
@Suite struct TrimmingNewlinesTests {
    @Test(arguments: ["", "\n", "\r\n", "---\n", "---\r\n", "\n\n---", "  ```  \n", "a\u{2028}", "\u{85}b\u{2029}", "\r\u{0B}x\u{0C}\r",
                      "e\u{301}\n", "\n\u{301}", "--- \t\n", "text with \n inside\n", "\u{2028}\u{2029}\r\n"])
    func trimsAsFoundationDoes(_ text: String) {
        #expect(text.trimmingNewlines() == text.trimmingCharacters(in: .newlines))
        #expect(Substring(text).trimmingNewlines() == text.trimmingCharacters(in: .newlines))
    }
}
