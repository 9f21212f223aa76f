import Foundation
import Testing
@testable import FolioNotebook

/// The line handling every render does on every notebook, without Foundation's bridging or
/// grapheme breaking, gives what the Character-wise definitions give.
@Suite struct NotebookLinesTests {
    static let texts = ["", "\n", "\r\n", "---\n", "---\r\n", "\n\n---", "  ```  \n", "a\u{2028}", "\u{85}b\u{2029}", "\r\u{0B}x\u{0C}\r",
                        "e\u{301}\n", "\n\u{301}", "--- \t\n", "text with \n inside\n", "\u{2028}\u{2029}\r\n",
                        "a\rb\nc\r\nd", "ünï\ncödé 🙂\r\n\r\n", "no newline at the end"]

    @Test(arguments: texts)
    func trimsAsFoundationDoes(_ text: String) {
        #expect(text.trimmingNewlines() == text.trimmingCharacters(in: .newlines))
        #expect(Substring(text).trimmingNewlines() == text.trimmingCharacters(in: .newlines))
    }

    /// Lines end after `"\n"` or `"\r\n"` Characters and join back to the text.
    @Test(arguments: texts)
    func splitsAfterEachLineFeedCharacter(_ text: String) {
        var expected: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" || character == "\r\n" { expected.append(current); current = "" }
        }
        if !current.isEmpty { expected.append(current) }
        #expect(Notebook.splitLines(text) == expected)
        #expect(Notebook.splitLines(text).joined() == text)
    }
}
