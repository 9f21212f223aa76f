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
        FileHandle.standardError.write(Data((diagnostic.rendered + "\n").utf8))
    }
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
