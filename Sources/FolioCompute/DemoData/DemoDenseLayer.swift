/// A fully connected layer in the layout of ONNX `Gemm` with `transB = 1`:
/// `Y = X * W^T + b`.
public struct DemoDenseLayer: Hashable, Sendable {
    /// Inputs per row.
    public var inputSize: Int
    /// Outputs per row.
    public var outputSize: Int
    /// `W`, shape `[outputSize, inputSize]`, row-major: `weight[o * inputSize + i]`.
    public var weight: [Float]
    /// `b`, shape `[outputSize]`.
    public var bias: [Float]

    /// Creates a layer; `weight` must hold `outputSize * inputSize` values and `bias`
    /// `outputSize`.
    public init(inputSize: Int, outputSize: Int, weight: [Float], bias: [Float]) {
        precondition(weight.count == inputSize * outputSize && bias.count == outputSize, "dense layer shape")
        self.inputSize = inputSize
        self.outputSize = outputSize
        self.weight = weight
        self.bias = bias
    }
}
