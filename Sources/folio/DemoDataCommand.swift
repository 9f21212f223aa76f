import ArgumentParser
import FolioCompute
import FolioNotebook
import Foundation

/// `folio demo-data`: writes the seed-scale synthetic data set (bars, features, labels,
/// predictions of three fitted models, an MLflow store of HPO trials).
struct DemoData: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-data",
        abstract: "Generate the synthetic demo data set (bars, features, labels, predictions, MLflow store).",
        discussion: """
        Writes the data contract's layout into --out: bars/<SYMBOL>.csv, features.csv, \
        predictions.csv (columns logreg, mlp, window_logreg: models fitted here on the train \
        split) and mlruns/ (an MLflow file store with the experiment phase3_hpo: 100 simulated \
        HPO trials of mlp, lstm and gru networks, the team's Phase 3 search; they are not the \
        models fitted here). The same seed gives the same bytes on every machine. The folder \
        is replaced atomically; an existing folder that is not a demo data set is left alone.
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

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        guard DemoDate(iso: start) != nil else { throw ValidationError("--start must be a date YYYY-MM-DD (got '\(start)')") }
        guard DemoDate(iso: end) != nil else { throw ValidationError("--end must be a date YYYY-MM-DD (got '\(end)')") }
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
            let generator = try DemoDataGenerator(options: options)
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
    }
}
