import FolioCompute
import Foundation
import Testing
@testable import FolioModels

/// Scoring rows of a CSV file: windows per group in time order, scalers, NaN rows, errors.
@Suite struct ModelScorerTests {
    static func rows() throws -> DataFrame {
        try CSVReader().read(path: Fixtures.path("scoring/rows.csv"))
    }

    @Test("scores match onnxruntime on windows built in numpy", arguments: Fixtures.scoring)
    func scoresMatchOnnxRuntime(_ expected: Fixtures.Scoring) throws {
        let frame = try Self.rows()
        let model = try ONNXModel(contentsOf: Fixtures.path(expected.model))
        let scorer = try ModelScorer(model: model, options: ScoringOptions(chunkSize: 2))
        #expect(scorer.window == (expected.window == 1 ? nil : expected.window))
        let scores = try scorer.score(frame)
        #expect(scores.missingFeatures == expected.missingFeatures)
        #expect(scores.shortHistory == expected.shortHistory)
        try #require(scores.count == expected.scores.count)
        let symbols = try frame.texts("symbol")
        let times = try frame.timestamps("timestamp")
        var worst: Float = 0
        for (k, row) in scores.rows.enumerated() {
            #expect(symbols[row] == expected.scores[k].symbol)
            #expect(TimestampParser.string(from: times[row]) == expected.scores[k].timestamp)
            worst = max(worst, abs(scores.values[k] - Float(expected.scores[k].score)))
        }
        #expect(worst <= 1e-5, "max abs difference \(worst)")
    }

    @Test func resultDoesNotDependOnThreadsOrChunks() throws {
        let model = try ONNXModel(contentsOf: Fixtures.path("models/gru/model.onnx"))
        let frame = try Self.rows()
        let one = try ModelScorer(model: model, options: ScoringOptions(threads: 1, chunkSize: 1)).score(frame)
        let two = try ModelScorer(model: model, options: ScoringOptions(threads: 2, chunkSize: 3)).score(frame)
        #expect(one.rows == two.rows)
        #expect(maxAbsDifference(one.values, two.values) <= 1e-6)
    }

    @Test func rowOrderDoesNotChangeScores() throws {
        let model = try ONNXModel(contentsOf: Fixtures.path("models/lstm2/model.onnx"))
        let frame = try Self.rows()
        let scorer = try ModelScorer(model: model)
        let base = try scorer.score(frame)
        let reversedFrame = frame.rows(Array((0..<frame.rowCount).reversed()))
        let reversed = try scorer.score(reversedFrame)
        #expect(reversed.rows.map { frame.rowCount - 1 - $0 } == base.rows)
        #expect(maxAbsDifference(reversed.values, base.values) <= 1e-6)
    }

    @Test func explicitFeatureOrderOverridesMetadata() throws {
        let model = try ONNXModel(contentsOf: Fixtures.path("models/mlp_rows/model.onnx"))
        let frame = try Self.rows()
        let metadataOrder = try ModelScorer(model: model).score(frame)
        let swapped = try ModelScorer(model: model, options: ScoringOptions(features: ["f_b", "f_a", "f_c"])).score(frame)
        #expect(metadataOrder.rows == swapped.rows)
        #expect(metadataOrder.values != swapped.values)
    }

    @Test func scalerChangesScoresAndCanBeTurnedOff() throws {
        let model = try ONNXModel(contentsOf: Fixtures.path("models/mlp/model.onnx"))
        let scorer = try ModelScorer(model: model)
        let scaler = try #require(scorer.scaler)
        #expect(scaler.features == ["f_c", "f_b", "f_a"])
        let frame = try Self.rows()
        let unscaled = try ModelScorer(model: model, options: ScoringOptions(scaler: .none)).score(frame)
        #expect(try scorer.score(frame).values != unscaled.values)
    }

    @Test func missingFeatureColumnIsAnErrorWithSuggestion() throws {
        let model = try ONNXModel(contentsOf: Fixtures.path("models/mlp_rows/model.onnx"))
        let scorer = try ModelScorer(model: model, options: ScoringOptions(features: ["f_a", "f_bb", "f_c"]))
        let error = try #require(throws: ModelError.self) { try scorer.score(try Self.rows()) }
        #expect(error.kind == .invalidInput)
        #expect(error.message.contains("f_bb"))
        #expect(error.message.contains("f_b"))
    }

    @Test func featureCountMustMatchTheInput() throws {
        let model = try ONNXModel(contentsOf: Fixtures.path("models/lstm2/model.onnx"))
        let error = try #require(throws: ModelError.self) {
            try ModelScorer(model: model, options: ScoringOptions(features: ["f_a", "f_b", "f_c", "noise"]))
        }
        #expect(error.kind == .invalidInput)
        #expect(error.message == "4 features given (f_a, f_b, f_c, noise) but input input: float [N, 4, 3] takes 3")
    }

    @Test func scalerMustCoverExactlyTheFeatures() throws {
        let model = try ONNXModel(contentsOf: Fixtures.path("models/mlp_rows/model.onnx"))
        let scaler = Scaler(features: ["f_a", "f_b", "f_x"], mean: [0, 0, 0], scale: [1, 1, 1])
        let error = try #require(throws: ModelError.self) {
            try ModelScorer(model: model, options: ScoringOptions(scaler: .given(scaler)))
        }
        #expect(error.kind == .scaler)
        #expect(error.message == "the scaler has no entry for f_c and lists features the model does not take: f_x")
    }

    @Test func scalerErrorNamesTheScalerFile() throws {
        let model = try ONNXModel(contentsOf: Fixtures.path("models/lstm2/model.onnx"))
        let error = try #require(throws: ModelError.self) {
            try ModelScorer(model: model, options: ScoringOptions(features: ["f_a", "f_x", "f_c"]))
        }
        #expect(error.path == Fixtures.path("models/lstm2/scaler.json"))
        #expect(error.message == "the scaler has no entry for f_x and lists features the model does not take: f_b")
    }

    @Test func pickledScalerIsRefused() throws {
        let model = try ONNXModel(contentsOf: Fixtures.path("bad/pickled/model.onnx"))
        let error = try #require(throws: ModelError.self) { try ModelScorer(model: model) }
        #expect(error.kind == .scaler)
        #expect(error.path?.hasSuffix("scaler.pkl") == true)
        #expect(error.message.contains("unpickling runs arbitrary code"))
        #expect(error.message.contains("scaler.json"))
        // Without the scaler, the same model scores.
        _ = try ModelScorer(model: model, options: ScoringOptions(scaler: .none)).score(try Self.rows())
    }

    @Test func duplicateTimesInAGroupAreAnErrorForWindows() throws {
        let model = try ONNXModel(contentsOf: Fixtures.path("models/gru/model.onnx"))
        let frame = try Self.rows()
        let doubled = frame.rows(Array(0..<frame.rowCount) + [0])
        let error = try #require(throws: ModelError.self) { try ModelScorer(model: model).score(doubled) }
        #expect(error.message.contains("share a symbol and a timestamp"))
    }

    @Test func numericGroupsAndTimesWork() throws {
        let model = try ONNXModel(contentsOf: Fixtures.path("models/gru/model.onnx"))
        let frame = try DataFrame([
            ("id", .number([2, 1, 1, 1, 1, 1])), ("t", .number([0, 5, 4, 3, 2, 1])),
            ("f_a", .number([0, 1, 2, 3, 4, 5])), ("f_b", .number([1, 1, 1, 1, 1, 1])), ("f_c", .number([0, 0, 0, 0, 0, 0])),
        ])
        let scores = try ModelScorer(model: model, options: ScoringOptions(groupColumn: "id", timeColumn: "t")).score(frame)
        // Group 1 has 5 rows: windows of 4 end at t = 4 and t = 5 (rows 2 and 1); group 2 has one row.
        #expect(scores.rows == [2, 1])
        #expect(scores.shortHistory == 4)
    }

    @Test func twoInputsAreReadButNotScored() throws {
        let model = try ONNXModel(contentsOf: Fixtures.path("bad/two_inputs.onnx"))
        #expect(model.inputs.map(\.name) == ["x", "z"])
        let error = try #require(throws: ModelError.self) { try ModelScorer(model: model) }
        #expect(error.kind == .invalidInput)
        #expect(error.message.contains("the model has 2 inputs (x, z)"))
    }
}

/// The CSV that `folio predict` writes.
@Suite struct ScoresCSVTests {
    @Test func writesGroupTimeScoreInGroupThenTimeOrder() throws {
        let frame = try CSVReader().read(path: Fixtures.path("scoring/rows.csv"))
        let model = try ONNXModel(contentsOf: Fixtures.path("models/gru/model.onnx"))
        let scores = try ModelScorer(model: model).score(frame)
        let lines = try scores.csv(frame: frame, groupColumn: "symbol", timeColumn: "timestamp")
            .split(separator: "\n").map(String.init)
        #expect(lines.first == "symbol,timestamp,score")
        #expect(lines.count == scores.count + 1)
        let expected = try #require(Fixtures.scoring.first { $0.model == "models/gru/model.onnx" })
        for (line, row) in zip(lines.dropFirst(), expected.scores) {
            let cells = line.split(separator: ",").map(String.init)
            #expect(cells[0] == row.symbol)
            #expect(cells[1] == row.timestamp)
            #expect(abs(try #require(Double(cells[2])) - row.score) <= 1e-5)
        }
    }

    @Test func quotesTextAndWritesNumbers() throws {
        let frame = try DataFrame([
            ("name", .text(TextColumn(["a,b", "say \"hi\""]))), ("t", .number([1, 2.5])),
        ])
        let scores = Scores(rows: [1, 0], values: [0.25, 0.5], missingFeatures: 0, shortHistory: 0)
        let text = try scores.csv(frame: frame, groupColumn: "name", timeColumn: "t")
        #expect(text == "name,t,score\n\"say \"\"hi\"\"\",2.5,0.25\n\"a,b\",1,0.5\n")
    }
}

/// Scoring plain arrays gives what scoring the same rows as a frame gives.
@Suite struct ColumnArrayScoringTests {
    @Test func arraysScoreLikeTheFrame() throws {
        let frame = try CSVReader().read(path: Fixtures.path("scoring/rows.csv"))
        let scorer = try ModelScorer(model: try ONNXModel(contentsOf: Fixtures.path("models/bilstm/model.onnx")))
        let fromFrame = try scorer.score(frame)
        let fromArrays = try scorer.score(
            features: [
                "f_a": try frame.numbers("f_a"), "f_b": try frame.numbers("f_b"), "f_c": try frame.numbers("f_c"),
            ],
            groups: try frame.texts("symbol").values.map { $0 ?? "" }, times: try frame.numbers("timestamp"))
        #expect(fromArrays == fromFrame)
        let error = try #require(throws: ModelError.self) {
            try scorer.score(features: ["f_a": [1]], groups: ["A"], times: [0])
        }
        #expect(error.message.contains("no column for feature \"f_b\""))
    }
}
