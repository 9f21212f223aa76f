import ArgumentParser
import Foundation
import FolioNotebook

/// Options shared by the commands that read notebooks.
struct ProjectOptions: ParsableArguments {
    @Option(name: .customLong("project"), help: "The project root (default: the current folder).")
    var project: String?

    @Flag(name: .shortAndLong, help: "Print no progress on standard error.")
    var quiet = false

    var root: URL {
        URL(fileURLWithPath: project ?? FileManager.default.currentDirectoryPath).standardizedFileURL
    }
}

/// Prints diagnostics on standard error, each with its source line and a caret.
func printDiagnostics(_ diagnostics: [Diagnostic]) {
    var seen = Set<Diagnostic>()
    for diagnostic in diagnostics where seen.insert(diagnostic).inserted {
        Console.writeError(diagnostic.rendered + "\n")
    }
}

func printError(_ message: String) {
    Console.writeError(message + "\n")
}

/// Writes to standard output; a failed write (closed pipe, full disk) is an error in words
/// on standard error and exit status 1, never a trap.
func writeOutput(_ text: String) throws {
    do {
        try Console.writeOutput(text)
    } catch {
        printError("folio: error: cannot write: \(error)")
        throw ExitCode.failure
    }
}
