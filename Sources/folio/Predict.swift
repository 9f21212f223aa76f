import ArgumentParser
import FolioCompute
import FolioModels
import Foundation

/// `folio predict MODEL.onnx --data FILE.csv`: scores the rows of a CSV file with an ONNX
/// checkpoint and writes `group,time,score`, one line per scored row, in group then time
/// order.
struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Score the rows of a CSV file with an ONNX model.",
        discussion: """
        The model's input decides what is scored: [N, F] scores each row; [N, T, F] scores the \
        window of T consecutive rows of the row's group (--group) in time order (--time) that \
        ends at the row (T from the input shape or metadata_props window). Rows with fewer than \
        T rows of history, or with a NaN in a feature used, get no score; their counts are \
        printed on standard error. Features are read by name, in the order of the model's \
        metadata_props features or --features. A scaler.json ({features, mean, scale}) beside \
        the model is applied first; a scaler.pkl is refused. The score is the model's single \
        output ([N] or [N, 1]) or column 1 of [N, 2].
        """
    )

    @Argument(help: "The ONNX model file.")
    var model: String

    @Option(name: .long, help: "The CSV file of rows to score.")
    var data: String

    @Option(name: .long, help: "Feature columns in the model's input order, comma-separated (default: the model's metadata).")
    var features: String?

    @Option(name: .long, help: "The column that groups rows into series.")
    var group: String = "symbol"

    @Option(name: .long, help: "The column that orders rows in time.")
    var time: String = "timestamp"

    @Option(name: .customLong("where"), help: "Keep only rows where COLUMN equals VALUE (repeatable: all must hold).")
    var conditions: [String] = []

    @Option(name: .long, help: "Write the scores to this file (default: standard output).")
    var out: String?

    @Option(name: .long, help: "Worker threads (default: every core).")
    var threads: Int?

    @Flag(name: .shortAndLong, help: "Print no counts on standard error.")
    var quiet = false

    @Flag(name: .long, help: .hidden)
    var timings = false

    @Option(name: .customLong("chunk-size"), help: .hidden)
    var chunkSize: Int?

    func validate() throws {
        for condition in conditions where !condition.contains("=") {
            throw ValidationError("--where takes COLUMN=VALUE (got '\(condition)')")
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let clock = ContinuousClock()
        var stage = (wall: clock.now, cpu: Self.cpuSeconds())
        var stages: [(name: String, wall: Duration, cpu: Double)] = []
        func lap(_ name: String) {
            let now = (wall: clock.now, cpu: Self.cpuSeconds())
            stages.append((name, stage.wall.duration(to: now.wall), now.cpu - stage.cpu))
            stage = now
        }
        do {
            let onnx = try ONNXModel(contentsOf: model)
            var options = ScoringOptions(groupColumn: group, timeColumn: time)
            if let features {
                options.features = features.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            }
            if let threads { options.threads = threads }
            if let chunkSize { options.chunkSize = max(1, chunkSize) }
            let scorer = try ModelScorer(model: onnx, options: options)
            lap("load model")

            let filter = RowFilter(conditions.map { condition in
                let parts = condition.split(separator: "=", maxSplits: 1)
                return RowFilter.Condition(String(parts[0]), equals: .text(parts.count > 1 ? String(parts[1]) : ""))
            })
            let needed = Set(scorer.features + [group, time] + filter.conditions.map(\.column))
            let frame = try CSVReader(columns: needed).read(path: data)
            // Every row is scored, then the rows `--where` keeps are written: a window
            // model's first rows of a split take their history from the rows before it.
            var keep: [Bool]?
            if !filter.isEmpty {
                let selection = try filter.select(from: frame)
                keep = selection.mask
                if !quiet { for note in selection.notes { printError("folio predict: warning: \(note)") } }
            }
            lap("read \(frame.rowCount) rows")

            var scores = try scorer.score(frame)
            lap("score \(scores.count) rows")
            var selectedRows = frame.rowCount
            if let keep {
                let kept = scores.rows.indices.filter { keep[scores.rows[$0]] }
                scores = Scores(rows: kept.map { scores.rows[$0] }, values: kept.map { scores.values[$0] },
                                missingFeatures: scores.missingFeatures, shortHistory: scores.shortHistory)
                selectedRows = keep.filter { $0 }.count
            }

            let text = try scores.csv(frame: frame, groupColumn: group, timeColumn: time)
            if let out {
                try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } else {
                try writeOutput(text)
            }
            lap("write")
            if !quiet {
                printError(
                    "folio predict: scored \(scores.count) of \(selectedRows) rows; no score (all rows): "
                        + "\(scores.missingFeatures) with a NaN feature, \(scores.shortHistory) with fewer than "
                        + "\(scorer.window ?? 1) rows of history")
            }
            if timings {
                for (name, wall, cpu) in stages {
                    let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) * 1e-18
                    printError("timing\t\(name)\t\(String(format: "%.4f", seconds)) s\tcpu \(String(format: "%.4f", cpu)) s")
                }
            }
        } catch let error as ModelError {
            printError("folio predict: error: \(error.description)")
            throw ExitCode.failure
        } catch let error as DataError {
            printError("folio predict: error: \(error.description)")
            throw ExitCode.failure
        }
    }

    /// CPU time of the process (all threads), for `--timings` on a busy machine.
    private static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
