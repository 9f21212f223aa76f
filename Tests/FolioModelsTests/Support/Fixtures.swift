import Foundation
import Testing
@testable import FolioModels

/// The fixtures made by `Fixtures/generate.py` (onnxruntime's outputs, committed).
enum Fixtures {
    /// The URL of a fixture file, e.g. `models/lstm2/model.onnx`.
    static func url(_ relativePath: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(relativePath)
    }

    static func path(_ relativePath: String) -> String { url(relativePath).path }

    /// A tensor as generate.py encodes it.
    struct EncodedTensor: Decodable, Sendable {
        let shape: [Int]
        let dtype: String
        let data: [Double]

        var tensor: Tensor {
            switch dtype {
            case "int64": Tensor(shape: shape, int64s: data.map { Int64($0) })
            case "bool": Tensor(shape: shape, storage: .bool(data.map { $0 != 0 }))
            default: Tensor(shape: shape, floats: data.map { Float($0) })
            }
        }
    }

    /// One model run by onnxruntime: its inputs and outputs.
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let model: String
        let inputs: [String: EncodedTensor]
        let outputs: [String: EncodedTensor]
        var testDescription: String { name }
    }

    /// A model's expected scores on `scoring/rows.csv`.
    struct Scoring: Decodable, Sendable, CustomTestStringConvertible {
        let model: String
        let window: Int
        let scores: [ScoredRow]
        let missingFeatures: Int
        let shortHistory: Int
        var testDescription: String { model }
    }

    /// `[symbol, timestamp, score]`.
    struct ScoredRow: Decodable, Sendable {
        let symbol: String
        let timestamp: String
        let score: Double

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            symbol = try container.decode(String.self)
            timestamp = try container.decode(String.self)
            score = try container.decode(Double.self)
        }
    }

    struct Expected: Decodable, Sendable {
        let generator: String
        let cases: [Case]
        let scoring: [Scoring]
    }

    static let expected: Expected = {
        let data = try! Data(contentsOf: url("expected.json"))
        return try! JSONDecoder().decode(Expected.self, from: data)
    }()

    static var cases: [Case] { expected.cases }
    static var scoring: [Scoring] { expected.scoring }
}

/// The largest absolute difference between two equally long arrays (NaN if either has a NaN
/// where the other does not).
func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
    var worst: Float = 0
    for (x, y) in zip(a, b) {
        if x.isNaN != y.isNaN { return .nan }
        if !x.isNaN { worst = max(worst, abs(x - y)) }
    }
    return worst
}
