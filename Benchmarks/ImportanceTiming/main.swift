// Benchmarks/importance: permutation importance of three checkpoints (MLP, 2-layer LSTM, GRU at
// the demo's shapes, random weights) x 23 features x 5 repeats x 2 sides at sample 20,000 windows
// of 24 x 23, on random data built here (20 symbols x 2,100 hourly rows; train = the first half of
// each symbol, val = the rest). Prints the seconds of each model's `compare` (windowing, sampling,
// 2 baselines and 230 permuted runs) and the total, cold: each model loaded in the timed region.
//
// Usage: ImportanceTiming DIR [threads] [sample] [repeats]   (DIR holds mlp.onnx, lstm.onnx, gru.onnx)
import FolioCompute
import FolioModels
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write("usage: ImportanceTiming DIR [threads] [sample] [repeats]\n".data(using: .utf8)!)
    exit(64)
}
let folder = arguments[1]
let threads = arguments.count > 2 ? Int(arguments[2])! : ProcessInfo.processInfo.activeProcessorCount
let sample = arguments.count > 3 ? Int(arguments[3])! : 20_000
let repeats = arguments.count > 4 ? Int(arguments[4])! : 5

let symbols = 20, rowsPerSymbol = 2_100, featureCount = 23
var generator = SeededGenerator(seed: 2026)
var features = [[Double]](repeating: [], count: featureCount)
var groups: [String] = [], times: [Double] = [], splits: [String] = [], labels: [Double] = []
for s in 0..<symbols {
    for r in 0..<rowsPerSymbol {
        groups.append("S\(s)")
        times.append(Double(r * 3600))
        splits.append(r < rowsPerSymbol / 2 ? "train" : "val")
        labels.append(generator.nextUniform() < 0.3 ? 1 : 0)
        for f in 0..<featureCount { features[f].append(generator.nextNormal()) }
    }
}
var columns: [(name: String, column: Column)] = [
    ("symbol", .text(TextColumn(groups))), ("timestamp", .number(times)), ("split", .text(TextColumn(splits))),
    ("label", .number(labels)),
]
for f in 0..<featureCount { columns.append((String(format: "f%02d", f), .number(features[f]))) }
let frame = try DataFrame(columns)
let train = RowFilter([.init("split", equals: "train")])
let val = RowFilter([.init("split", equals: "val")])

func seconds(_ start: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }

print("| model | windows a / b | runs | seconds | baseline a | baseline b |")
print("|---|---:|---:|---:|---:|---:|")
let total = DispatchTime.now()
for name in ["mlp", "lstm", "gru"] {
    let start = DispatchTime.now()
    let model = try ONNXModel(contentsOf: "\(folder)/\(name).onnx")
    let scorer = try ModelScorer(model: model, options: ScoringOptions(scaler: .none, threads: threads))
    let options = ImportanceOptions(metric: .rocAUC, repeats: repeats, sample: sample, seed: 42, threads: threads)
    let comparison = try PermutationImportance(scorer: scorer, options: options)
        .compare(frame, label: "label", a: train, b: val)
    let runs = 2 * (1 + comparison.rows.count * repeats)
    print(String(format: "| %@ | %d / %d | %d | %.2f | %.4f | %.4f |", name, comparison.a.samples, comparison.b.samples,
                 runs, seconds(start), comparison.baselineA, comparison.baselineB))
}
print(String(format: "| total | | | %.2f | | |", seconds(total)))
