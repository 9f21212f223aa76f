import Foundation
import Testing
@testable import FolioCompute

@Suite struct BarsFolderTests {
    /// A temporary folder holding `files`.
    static func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bars-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: url.appendingPathComponent(name)) }
        return url
    }

    static let good = [
        "MSFT.csv": "timestamp,open,high,low,close,volume\n2024-01-02T14:00:00Z,370,372,369,371,100\n2024-01-02T15:00:00Z,371,373,370,372.5,90\n",
        "AAPL.csv": "timestamp,open,high,low,close\n2024-01-02T14:00:00Z,185,186,184,185.5\n",
        "notes.txt": "not bars",
    ]

    @Test func loadsEveryFileInSymbolOrder() throws {
        let url = try Self.folder(Self.good)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try BarsFolder.symbols(in: url) == ["AAPL", "MSFT"])
        let series = try BarsFolder.load(url)
        #expect(series.map(\.symbol) == ["AAPL", "MSFT"])
        #expect(series[1].close == [371, 372.5])
        #expect(series[1].timestamps == [1_704_204_000, 1_704_207_600])
        let serial = try BarsFolder.load(url, parallelism: 1)
        #expect(serial == series)
        #expect(try BarsFolder.load(url, symbols: ["MSFT"]).map(\.symbol) == ["MSFT"])
    }

    @Test func errorsNameTheFileAndLine() throws {
        let url = try Self.folder(Self.good.merging([
            "BAD.csv": "timestamp,open,high,low,close\n2024-01-02T14:00:00Z,1,1,1,1\n2024-01-02T15:00:00Z,1,1,0,1\n",
        ]) { a, _ in a })
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: BarsFolderError.invalidBar(file: "bars/BAD.csv", line: 3, reason: "low is not a positive finite number")) {
            try BarsFolder.load(url, display: "bars")
        }
        #expect(throws: BarsFolderError.missingSymbol("MSTF", folder: "bars", suggestion: "MSFT")) {
            try BarsFolder.load(url, symbols: ["MSTF"], display: "bars")
        }
        #expect(throws: BarsFolderError.folderNotFound("nowhere")) {
            try BarsFolder.load(url.appendingPathComponent("nowhere"), display: "nowhere")
        }
        let empty = try Self.folder(["a.txt": ""])
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: BarsFolderError.noFiles("empty")) { try BarsFolder.symbols(in: empty, display: "empty") }
    }

    @Test(arguments: [
        ("timestamp,open,high,low,close\n2024-01-02T15:00:00Z,1,1,1,1\n2024-01-02T14:00:00Z,1,1,1,1\n", "bars/X.csv:3: timestamp is not after the previous bar's"),
        ("timestamp,open,high,low\n2024-01-02T15:00:00Z,1,1,1\n", "bars/X.csv: no column \"close\""),
        ("timestamp,open,high,low,close\n2024-01-02T15:00:00Z,1,1,1\n", "bars/X.csv:2"),
        ("timestamp,open,high,low,close\nyesterday,1,1,1,1\n", "bars/X.csv:2"),
        ("timestamp,open,high,low,close\n", "bars/X.csv:1: no bars"),
    ])
    func malformedFilesAreErrors(text: String, prefix: String) throws {
        let url = try Self.folder(["X.csv": text])
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try BarsFolder.load(url, display: "bars")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix(prefix), "\(error.description)")
        }
    }
}
