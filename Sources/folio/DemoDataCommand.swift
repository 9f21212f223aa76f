import ArgumentParser
import FolioCompute
import FolioModels
import FolioNotebook
import Foundation

/// `folio demo-data`: writes the seed-scale synthetic data set (bars, features, labels, the
/// plan's three checkpoints fitted here and their predictions, an MLflow store of HPO trials).
struct DemoData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-data",
        abstract: "Generate the synthetic demo data set (bars, features, labels, predictions, MLflow store).",
        discussion: """
        Writes the data contract's layout into --out: bars/<SYMBOL>.csv, features.csv, \
        predictions.csv (columns mlp, lstm, gru: the plan's MLP trial 72, LSTM trial 62 and \
        GRU trial 93, fitted here on 24-step windows of a sample of the train split) and \
        mlruns/ (an MLflow file store with the experiment phase3_hpo: 100 HPO trials; trials \
        72, 62 and 93 log the fitted networks' own hyper-parameters and per-epoch validation \
        metrics and hold the checkpoint in artifacts/model/, the other 97 are simulated). The \
        same seed gives the same bytes on every machine. The folder is replaced atomically; an \
        existing folder that is not a demo data set is left alone.
        """
    )

    @Option(name: .long, help: "Output folder.")
    var out: String = "data/demo"

    @Option(name: .long, help: "Number of symbols (AAPL, MSFT, NVDA, SPY, BTCUSD, then other tickers).")
    var symbols: Int = 143

    @Option(name: .long, help: "Random seed.")
    var seed: UInt64 = 42

    @Option(name: .long, help: "First day of bars, YYYY-MM-DD.")
    var start: String = "2021-01-04"

    @Option(name: .long, help: "Last day of bars, YYYY-MM-DD.")
    var end: String = "2025-10-01"

    @Option(name: .long, help: ArgumentHelp(
        "Also load features.csv and predictions.csv into this PostgreSQL database as tables features and predictions (replaced).",
        discussion: "postgresql://[user@][host][:port]/database; the password comes from PGPASSWORD or ~/.pgpass, never the URL.",
        valueName: "url"))
    var postgres: String?

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        guard DemoDate(iso: start) != nil else { throw ValidationError("--start must be a date YYYY-MM-DD (got '\(start)')") }
        guard DemoDate(iso: end) != nil else { throw ValidationError("--end must be a date YYYY-MM-DD (got '\(end)')") }
        if let postgres {
            do throws(PostgresError) { _ = try PostgresTableWriter(url: postgres) } catch { throw ValidationError("--postgres: \(error.message)") }
        }
        var options = DemoDataOptions(symbols: symbols, seed: seed)
        options.start = DemoDate(iso: start) ?? options.start
        options.end = DemoDate(iso: end) ?? options.end
        do { try options.validate() } catch let error as DemoDataError {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        var options = DemoDataOptions(symbols: symbols, seed: seed)
        options.start = DemoDate(iso: start) ?? options.start
        options.end = DemoDate(iso: end) ?? options.end
        let quiet = self.quiet
        let report: DemoDataProgress = { @Sendable message in
            Console.writeError("demo-data: " + message + "\n")
        }
        let progress: DemoDataProgress? = quiet ? nil : report
        let clock = ContinuousClock()
        let started = clock.now
        do {
            // The checkpoints' model.onnx, written as torch.onnx.export would (opset 17).
            let generator = try DemoDataGenerator(options: options, exporter: { try ONNXExport.model($0) })
            let summary = try generator.write(to: URL(fileURLWithPath: out), progress: progress)
            if !quiet {
                let elapsed = started.duration(to: clock.now)
                print(summary.text)
                let ms = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
                print("wrote \(out) in \(ms / 1000).\(ms % 1000 / 100) s")
            }
        } catch let error as DemoDataError {
            Console.writeError("folio demo-data: error: \(error.description)\n")
            throw ExitCode.failure
        }
        if let postgres { try load(into: postgres, quiet: quiet) }
    }

    /// Loads the CSV files of `--out` into PostgreSQL, each read as `data:` reads it.
    private func load(into url: String, quiet: Bool) throws {
        let clock = ContinuousClock()
        do {
            let writer = try PostgresTableWriter(url: url)
            for table in ["features", "predictions"] {
                let path = URL(fileURLWithPath: out).appendingPathComponent("\(table).csv").path
                let frame = try CSVReader().read(path: path)
                let started = clock.now
                let bytes = try writer.replace(table: table, with: frame)
                if !quiet {
                    let seconds = Double(started.duration(to: clock.now).components.attoseconds) / 1e18
                        + Double(started.duration(to: clock.now).components.seconds)
                    let rate = seconds > 0 ? Int(Double(frame.rowCount) / seconds) : 0
                    print("loaded \(frame.rowCount) rows (\(bytes / 1_000_000) MB) into table \(table) in \(String(format: "%.1f", seconds)) s (\(rate) rows/s)")
                }
            }
        } catch let error as PostgresError {
            Console.writeError("folio demo-data: error: --postgres: \(error.message)\n")
            throw ExitCode.failure
        } catch let error as DataError {
            Console.writeError("folio demo-data: error: \(error.description)\n")
            throw ExitCode.failure
        }
    }
}
