import Foundation
import Testing
@testable import FolioNotebook

/// Output that cannot be written: a full disk, a closed pipe, a path in the way. Each is an
/// error in words and counts as a failure; none traps.
@Suite struct OutputFailureTests {
    @Test func standardErrorOnAFullDiskIsDroppedNotATrap() throws {
        let fd = open("/dev/full", O_WRONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        #expect(Console.write("a diagnostic\n", to: fd) == ENOSPC)
    }

    @Test func aClosedPipeIsEPIPENotASignal() throws {
        Console.ignoreBrokenPipes()
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        close(ends[0])
        defer { close(ends[1]) }
        #expect(Console.write("lost\n", to: ends[1]) == EPIPE)
        #expect(Console.OutputError(code: EPIPE).description == "broken pipe: standard output")
    }

    @Test func aFailedWriteSaysWhyInWords() throws {
        let project = try TestProject(["blocker": "a file where a folder should be\n"])
        defer { project.remove() }
        #expect(throws: AtomicFile.WriteError.self) {
            try AtomicFile.write("x", to: project.root.appendingPathComponent("blocker/inside.md"))
        }
        do {
            try AtomicFile.write("x", to: project.root.appendingPathComponent("blocker/inside.md"))
        } catch {
            #expect(error.description.hasPrefix("file exists: ") || error.description.hasPrefix("not a directory: "), "\(error)")
            #expect(!error.description.contains("NSCocoaErrorDomain"))
        }
        #expect(AtomicFile.WriteError(path: "reports/x.md", code: ENOSPC).description == "no space left on device: reports/x.md")
    }

    @Test func aWriteThatDoesNotHappenNeverReadsAPipe() throws {
        let project = try TestProject()
        defer { project.remove() }
        let target = project.root.appendingPathComponent("fifo.md")
        try #require(mkfifo(target.path, 0o644) == 0)
        // Replaced (a rename), never opened for the byte comparison: this returns at once.
        #expect(try AtomicFile.write("x", to: target))
        #expect(try project.read("fifo.md") == "x")
    }

    @Test func aReportNotWrittenCountsInTheClosingLine() async throws {
        let project = try TestProject(["notebooks/a.md": "# A\n", "notebooks/b.md": "# B\n", "reports/a.md/keep": "a folder in the way\n"])
        defer { project.remove() }
        let summary = await project.render()
        #expect(!summary.succeeded)
        #expect(summary.unwritten == 1)
        #expect(summary.reports.map(\.lastPathComponent) == ["b.md"])
        let line = RenderSession.closingLine(summary, seconds: 0.5)
        #expect(line == "rendered 1 report(s): 0 ran, 0 cached, 0 failed; 1 report(s) not written in 0.50s")
        #expect(summary.diagnostics.contains { $0.message.contains("reports/a.md is a folder") })
    }

    /// The command line with standard error on a full disk and standard output on a closed
    /// pipe: exit status 1, not a signal.
    @Test func theCommandLineSurvivesFullAndClosedStreams() throws {
        let folio = try FolioBinary.url()
        let project = try TestProject(["notebooks/a.md": "Value {{ nope.x }}\n"])
        defer { project.remove() }
        let full = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        let render = Process()
        render.executableURL = folio
        render.arguments = ["render", "--project", project.root.path]
        render.standardError = full
        render.standardOutput = FileHandle.nullDevice
        try render.run()
        render.waitUntilExit()
        #expect(render.terminationReason == .exit)
        #expect(render.terminationStatus == 1)

        let directives = Process()
        directives.executableURL = folio
        directives.arguments = ["directives", "evaluate"]
        let output = Pipe()
        let errors = Pipe()
        directives.standardOutput = output
        directives.standardError = errors
        try output.fileHandleForReading.close()
        try directives.run()
        directives.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(directives.terminationReason == .exit)
        #expect(directives.terminationStatus == 1)
        #expect(message.contains("cannot write: broken pipe: standard output"), "\(message)")
    }
}
