import Foundation

/// Softmax along one axis (opset 13 semantics: `axis` default -1, only that axis).
extension OperatorRegistry {
    static let softmaxKernels: [String: Kernel] = [
        "Softmax": { context throws(ModelError) in
            let (tensor, values) = try context.floatInput(0)
            guard tensor.rank >= 1 else { return [tensor] }
            let axis = try context.normalizedAxis(try context.int("axis", default: -1), rank: tensor.rank)
            let length = tensor.shape[axis]
            let inner = tensor.shape[(axis + 1)...].reduce(1, *)
            let outer = tensor.shape[..<axis].reduce(1, *)
            var output = values
            output.withUnsafeMutableBufferPointer { y in
                for o in 0..<outer {
                    for i in 0..<inner {
                        let base = o * length * inner + i
                        var maximum = -Float.infinity
                        for j in 0..<length { maximum = max(maximum, y[base + j * inner]) }
                        var sum: Float = 0
                        for j in 0..<length {
                            let e = expf(y[base + j * inner] - maximum)
                            y[base + j * inner] = e
                            sum += e
                        }
                        let scale = 1 / sum
                        for j in 0..<length { y[base + j * inner] *= scale }
                    }
                }
            }
            return [Tensor(shape: tensor.shape, floats: output)]
        }
    ]
}
