/// Constant (a tensor from the node's attributes) and Cast (element type conversion).
extension OperatorRegistry {
    static let constantKernels: [String: Kernel] = [
        "Constant": { context throws(ModelError) in
            let attributes = context.node.attributes
            guard attributes.count == 1, let (name, value) = attributes.first else {
                throw context.error("needs exactly one value attribute, found \(attributes.keys.sorted())")
            }
            switch (name, value) {
            case ("value", .tensor(let tensor)): return [tensor]
            case ("value_float", .float(let x)): return [Tensor(shape: [], floats: [x])]
            case ("value_floats", .floats(let xs)): return [Tensor(shape: [xs.count], floats: xs)]
            case ("value_int", .int(let x)): return [Tensor(shape: [], int64s: [Int64(x)])]
            case ("value_ints", .ints(let xs)): return [Tensor(shape: [xs.count], int64s: xs.map { Int64($0) })]
            default: throw context.error("attribute \(name) is not supported", .unsupported)
            }
        },
        "Cast": { context throws(ModelError) in
            let data = try context.input(0)
            let code = try context.int("to", default: -1)
            guard let target = ElementType(rawValue: Int32(truncatingIfNeeded: code)) else {
                throw context.error(
                    "cast to \(ElementType.onnxName(of: Int32(truncatingIfNeeded: code))) is not supported (folio supports \(ONNXModel.supportedTypeNames))",
                    .unsupported)
            }
            return [Tensor(shape: data.shape, storage: Cast.convert(data.storage, to: target))]
        },
    ]
}

enum Cast {
    /// The elements converted to `target`: floats to integers truncate toward zero (NaN
    /// and out-of-range values give the type's minimum, as x86's conversion does), numbers
    /// to bool test `!= 0`, bool to numbers give 0 and 1.
    static func convert(_ storage: Tensor.Storage, to target: ElementType) -> Tensor.Storage {
        let doubles: [Double]
        switch storage {
        case .float(let v):
            if target == .float { return storage }
            doubles = v.map(Double.init)
        case .double(let v):
            if target == .double { return storage }
            doubles = v
        case .int64(let v):
            switch target {
            case .int64: return storage
            case .int32: return .int32(v.map { Int32(truncatingIfNeeded: $0) })
            case .bool: return .bool(v.map { $0 != 0 })
            case .float: return .float(v.map { Float($0) })
            case .double: return .double(v.map { Double($0) })
            }
        case .int32(let v):
            return convert(.int64(v.map(Int64.init)), to: target)
        case .bool(let v):
            return convert(.int64(v.map { $0 ? 1 : 0 }), to: target)
        }
        switch target {
        case .float: return .float(doubles.map { Float($0) })
        case .double: return .double(doubles)
        case .int64: return .int64(doubles.map { $0.isNaN || abs($0) >= 9.2e18 ? Int64.min : Int64($0) })
        case .int32: return .int32(doubles.map { $0.isNaN || abs($0) >= 2_147_483_648 ? Int32.min : Int32($0) })
        case .bool: return .bool(doubles.map { $0 != 0 })
        }
    }
}
