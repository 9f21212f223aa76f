import Foundation
@testable import FolioCompute

/// The small demo run the tests share: 5 symbols (AAPL, MSFT, NVDA, SPY, BTCUSD) from
/// 2022-10-01 to 2024-01-31, so that train, val and test all have rows, and small networks
/// (the tests run unoptimised code); generated once.
enum SmallDemo {
    static let training = DemoTrainingOptions(window: 24, trainWindows: 1200, networks: [
        .init(kind: .mlp, trialNumber: 72, hiddenSize: 12, numLayers: 2, batchSize: 64, learningRate: 0.003,
              weightDecay: 1e-5, dropout: 0.2, maxEpochs: 3, patience: 2),
        .init(kind: .lstm, trialNumber: 62, hiddenSize: 6, numLayers: 2, batchSize: 64, learningRate: 0.005,
              weightDecay: 1e-5, dropout: 0.1, maxEpochs: 3, patience: 2),
        .init(kind: .gru, trialNumber: 93, hiddenSize: 6, numLayers: 1, batchSize: 64, learningRate: 0.005,
              weightDecay: 1e-5, dropout: 0, maxEpochs: 3, patience: 2),
    ])

    static var options: DemoDataOptions {
        var o = DemoDataOptions(symbols: 5, seed: 42)
        o.start = DemoDate(year: 2022, month: 10, day: 1)!
        o.end = DemoDate(year: 2024, month: 1, day: 31)!
        o.training = training
        return o
    }

    private static let generated: Result<DemoDataset, any Error> = Result {
        try DemoDataGenerator(options: options).generate()
    }

    /// The in-memory data set.
    static func dataset() throws -> DemoDataset { try generated.get() }

    private static let written: Result<URL, any Error> = Result {
        let url = temporaryDirectory("written").appendingPathComponent("demo")
        _ = try generated.get().write(to: url)
        return url
    }

    /// The folder the data set was written to (once per test process, shared, read only;
    /// about 3 MB left in the temporary directory).
    static func folder() throws -> URL { try written.get() }

    /// A fresh temporary folder for one test.
    static func temporaryDirectory(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("folio-demodata-tests-\(ProcessInfo.processInfo.processIdentifier)")
            .appendingPathComponent(name + "-" + UUID().uuidString)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// A minimal CSV reader for the tests (the product's reader is tested on its own).
struct TestCSV {
    var header: [String]
    var rows: [[Substring]]

    init(url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        header = lines.first.map { $0.split(separator: ",").map(String.init) } ?? []
        rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
    }

    func column(_ name: String) -> Int? { header.firstIndex(of: name) }
}

/// Every file under `root`, by relative path, with its bytes.
func snapshot(_ root: URL) throws -> [String: Data] {
    var out: [String: Data] = [:]
    let base = root.standardizedFileURL.path
    guard let e = FileManager.default.enumerator(atPath: base) else { return out }
    while let relative = e.nextObject() as? String {
        var isDirectory: ObjCBool = false
        let path = base + "/" + relative
        _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        out[relative] = isDirectory.boolValue ? Data("<dir>".utf8) : try Data(contentsOf: URL(fileURLWithPath: path))
    }
    return out
}
