import FolioCompute
import Foundation
import Testing
@testable import FolioModels

/// The demo's checkpoints written as ONNX and run by folio's engine give the scores of the
/// checkpoints' own Float32 forward pass (the one `folio demo-data` logs metrics with).
@Suite struct ONNXExportTests {
    static func random(_ count: Int, _ rng: inout SeededGenerator, scale: Double = 0.5) -> [Float] {
        (0..<count).map { _ in Float((rng.nextUniform() * 2 - 1) * scale) }
    }

    static func checkpoint(_ kind: DemoCheckpoint.Kind, layers: Int, hidden: Int, window: Int = 5, features: Int = 4) -> DemoCheckpoint {
        var rng = SeededGenerator(seed: UInt64(kind.rawValue.count * 31 + layers))
        var recurrent: [DemoRecurrentLayer] = []
        var dense: [DemoDenseLayer] = []
        if kind == .mlp {
            var input = window * features
            for _ in 0..<layers {
                dense.append(DemoDenseLayer(inputSize: input, outputSize: hidden, weight: random(hidden * input, &rng), bias: random(hidden, &rng)))
                input = hidden
            }
            dense.append(DemoDenseLayer(inputSize: input, outputSize: 1, weight: random(input, &rng), bias: random(1, &rng)))
        } else {
            var input = features
            for _ in 0..<layers {
                let g = kind.gateCount
                recurrent.append(DemoRecurrentLayer(inputSize: input, hiddenSize: hidden, gateCount: g, w: random(g * hidden * input, &rng),
                                                    r: random(g * hidden * hidden, &rng), b: random(2 * g * hidden, &rng)))
                input = hidden
            }
            dense.append(DemoDenseLayer(inputSize: hidden, outputSize: 1, weight: random(hidden, &rng), bias: random(1, &rng)))
        }
        return DemoCheckpoint(kind: kind, trialNumber: 7, runID: "run", epoch: 2, features: (0..<features).map { "f\($0)" }, window: window,
                              scalerMean: Array(repeating: 0, count: features), scalerScale: Array(repeating: 1, count: features),
                              recurrentLayers: recurrent, denseLayers: dense)
    }

    @Test(arguments: [(DemoCheckpoint.Kind.mlp, 2, 6), (.mlp, 1, 3), (.lstm, 1, 3), (.lstm, 2, 4), (.gru, 1, 5), (.gru, 2, 3)])
    func theEngineReproducesTheCheckpoint(_ kind: DemoCheckpoint.Kind, _ layers: Int, _ hidden: Int) throws {
        let checkpoint = ONNXExportTests.checkpoint(kind, layers: layers, hidden: hidden)
        let bytes = try ONNXExport.model(checkpoint)
        let model = try ONNXModel(serialized: Data(bytes))
        #expect(model.opset == 17)
        #expect(model.features == checkpoint.features)
        #expect(model.window == checkpoint.window)
        let count = 64
        var rng = SeededGenerator(seed: 99)
        let windows = ONNXExportTests.random(count * checkpoint.window * checkpoint.featureCount, &rng, scale: 2)
        let expected = checkpoint.probabilities(windows: windows, count: count)
        let session = try InferenceSession(model: model)
        let outputs = try session.run(["input": Tensor(shape: [count, checkpoint.window, checkpoint.featureCount], floats: windows)])
        guard case .float(let scores)? = outputs["output"]?.storage else {
            Issue.record("no float output: \(outputs.keys)")
            return
        }
        #expect(scores.count == count)
        let worst = zip(scores, expected).map { abs(Double($0) - Double($1)) }.max() ?? .infinity
        #expect(worst < 1e-5, "\(kind) max difference \(worst)")
    }

    @Test func theBytesAreDeterministic() throws {
        let checkpoint = ONNXExportTests.checkpoint(.gru, layers: 1, hidden: 4)
        #expect(try ONNXExport.model(checkpoint) == ONNXExport.model(checkpoint))
    }
}
