/// What an operator kernel sees: its node, its input values (`nil` for absent optional
/// inputs) and the model's opset. Helpers read attributes and inputs and make errors that
/// name the node.
struct KernelContext {
    /// The node being run.
    let node: Node
    /// The input values, one per `node.inputs` entry; `nil` where the input is absent.
    let inputs: [Tensor?]
    /// The standard opset the model imports.
    let opset: Int
    /// How matrix products are computed.
    let arithmetic: MatrixArithmetic

    /// An error about this node.
    func error(_ message: String, _ kind: ModelError.Kind = .invalidGraph) -> ModelError {
        ModelError(kind, message, node: node.name, opType: node.opType)
    }

    /// Input `index`, which must be present.
    func input(_ index: Int) throws(ModelError) -> Tensor {
        guard index < inputs.count, let tensor = inputs[index] else {
            throw error("input \(index + 1) is required but absent")
        }
        return tensor
    }

    /// Input `index`, or `nil` when absent.
    func optionalInput(_ index: Int) -> Tensor? {
        index < inputs.count ? inputs[index] : nil
    }

    /// Input `index` as `float` elements.
    func floatInput(_ index: Int) throws(ModelError) -> (tensor: Tensor, values: [Float]) {
        let tensor = try input(index)
        guard let values = tensor.floats else {
            throw error("input \(index + 1) (\(node.inputs[index])) is \(tensor.elementType); this operator runs on float", .unsupported)
        }
        return (tensor, values)
    }

    /// Input `index` as integers (an `int64` or `int32` tensor: shapes, axes, indices).
    func integerInput(_ index: Int) throws(ModelError) -> [Int] {
        let tensor = try input(index)
        guard let values = tensor.integers else {
            throw error("input \(index + 1) (\(node.inputs[index])) must be int64, not \(tensor.elementType)")
        }
        return values
    }

    /// Optional input `index` as integers, or `nil` when absent.
    func optionalIntegerInput(_ index: Int) throws(ModelError) -> [Int]? {
        guard optionalInput(index) != nil else { return nil }
        return try integerInput(index)
    }

    /// Integer attribute `name`, or `defaultValue` when absent.
    func int(_ name: String, default defaultValue: Int) throws(ModelError) -> Int {
        switch node.attributes[name] {
        case nil: return defaultValue
        case .int(let value)?: return value
        case let other?: throw error("attribute \(name) should be an integer, found \(other)")
        }
    }

    /// Float attribute `name`, or `defaultValue` when absent.
    func float(_ name: String, default defaultValue: Float) throws(ModelError) -> Float {
        switch node.attributes[name] {
        case nil: return defaultValue
        case .float(let value)?: return value
        case .int(let value)?: return Float(value)
        case let other?: throw error("attribute \(name) should be a float, found \(other)")
        }
    }

    /// Integer-list attribute `name`, or `nil` when absent.
    func ints(_ name: String) throws(ModelError) -> [Int]? {
        switch node.attributes[name] {
        case nil: return nil
        case .ints(let values)?: return values
        case .int(let value)?: return [value]
        case let other?: throw error("attribute \(name) should be a list of integers, found \(other)")
        }
    }

    /// String attribute `name`, or `defaultValue` when absent.
    func string(_ name: String, default defaultValue: String) throws(ModelError) -> String {
        switch node.attributes[name] {
        case nil: return defaultValue
        case .string(let value)?: return value
        case let other?: throw error("attribute \(name) should be a string, found \(other)")
        }
    }

    /// String-list attribute `name`, or `nil` when absent.
    func strings(_ name: String) throws(ModelError) -> [String]? {
        switch node.attributes[name] {
        case nil: return nil
        case .strings(let values)?: return values
        case .string(let value)?: return [value]
        case let other?: throw error("attribute \(name) should be a list of strings, found \(other)")
        }
    }

    /// `axis` made non-negative for a tensor of rank `rank`, checked to be in range.
    func normalizedAxis(_ axis: Int, rank: Int, what: String = "axis") throws(ModelError) -> Int {
        let normalized = axis < 0 ? axis + rank : axis
        guard normalized >= 0 && normalized < rank else {
            throw error("\(what) \(axis) is out of range for a tensor of rank \(rank)")
        }
        return normalized
    }
}

/// An operator implementation: the outputs of one node from its inputs and attributes.
typealias Kernel = @Sendable (KernelContext) throws(ModelError) -> [Tensor]
