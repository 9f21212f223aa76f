/// Add, Sub, Mul, Div with numpy broadcasting; Relu, Sigmoid, Tanh; Identity and Dropout
/// (inference: the identity).
extension OperatorRegistry {
    static let elementwiseKernels: [String: Kernel] = [
        "Add": { context throws(ModelError) in [try Broadcast.binary(context, float: +, double: +, int: &+)] },
        "Sub": { context throws(ModelError) in [try Broadcast.binary(context, float: -, double: -, int: &-)] },
        "Mul": { context throws(ModelError) in [try Broadcast.binary(context, float: *, double: *, int: &*)] },
        "Div": { context throws(ModelError) in
            // Integer division truncates toward zero, as onnxruntime's does; a zero divisor is an error.
            if let divisor = context.optionalInput(1)?.integers, divisor.contains(0) {
                throw context.error("integer division by zero", .invalidInput)
            }
            return [try Broadcast.binary(context, float: /, double: /, int: { $0 / $1 })]
        },
        "Relu": { context throws(ModelError) in
            let (tensor, values) = try context.floatInput(0)
            return [Tensor(shape: tensor.shape, floats: values.map { $0 < 0 ? 0 : $0 })]
        },
        "Sigmoid": { context throws(ModelError) in
            var (tensor, values) = try context.floatInput(0)
            values.withUnsafeMutableBufferPointer { Activations.sigmoid($0) }
            return [Tensor(shape: tensor.shape, floats: values)]
        },
        "Tanh": { context throws(ModelError) in
            var (tensor, values) = try context.floatInput(0)
            values.withUnsafeMutableBufferPointer { Activations.tanh($0) }
            return [Tensor(shape: tensor.shape, floats: values)]
        },
        "Identity": { context throws(ModelError) in [try context.input(0)] },
        "Dropout": { context throws(ModelError) in
            // Inference mode: the input unchanged, and an all-true mask when it is asked for
            // (training_mode, input 3, must be absent or false).
            if let training = context.optionalInput(2), case .bool(let flags) = training.storage, flags.contains(true) {
                throw context.error("training_mode is true; folio runs models for inference only", .unsupported)
            }
            let data = try context.input(0)
            return [data, Tensor(shape: data.shape, storage: .bool(Array(repeating: true, count: data.count)))]
        },
    ]
}

/// numpy-style (multidirectional) broadcasting of two tensors.
enum Broadcast {
    /// The broadcast shape of `a` and `b`, or `nil` when they do not broadcast.
    static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for axis in 0..<rank {
            let da = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
            let db = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
            guard da == db || da == 1 || db == 1 else { return nil }
            result[axis] = da == 1 ? db : da
        }
        return result
    }

    /// Applies the operation for the inputs' common element type.
    static func binary(
        _ context: KernelContext, float: (Float, Float) -> Float, double: (Double, Double) -> Double,
        int: (Int64, Int64) -> Int64
    ) throws(ModelError) -> Tensor {
        let a = try context.input(0)
        let b = try context.input(1)
        guard let shape = shape(a.shape, b.shape) else {
            throw context.error("shapes \(a.shape) and \(b.shape) do not broadcast")
        }
        switch (a.storage, b.storage) {
        case (.float(let x), .float(let y)):
            return Tensor(shape: shape, storage: .float(apply(x, a.shape, y, b.shape, shape, float)))
        case (.double(let x), .double(let y)):
            return Tensor(shape: shape, storage: .double(apply(x, a.shape, y, b.shape, shape, double)))
        case (.int64(let x), .int64(let y)):
            return Tensor(shape: shape, storage: .int64(apply(x, a.shape, y, b.shape, shape, int)))
        case (.int32(let x), .int32(let y)):
            let wide = apply(x.map(Int64.init), a.shape, y.map(Int64.init), b.shape, shape, int)
            return Tensor(shape: shape, storage: .int32(wide.map { Int32(truncatingIfNeeded: $0) }))
        default:
            throw context.error(
                "inputs are \(a.elementType) and \(b.elementType); this operator takes two float, double, int32 or int64 inputs of the same type",
                .unsupported)
        }
    }

    /// `op(a[i], b[j])` over the broadcast `shape`.
    @inline(__always)
    static func apply<T>(_ a: [T], _ aShape: [Int], _ b: [T], _ bShape: [Int], _ shape: [Int], _ op: (T, T) -> T) -> [T] {
        let count = shape.reduce(1, *)
        if aShape == bShape { return zip(a, b).map { op($0, $1) } }
        if b.count == 1 { let y = b[0]; if a.count == count { return a.map { op($0, y) } } }
        if a.count == 1 { let x = a[0]; if b.count == count { return b.map { op(x, $0) } } }
        let rank = shape.count
        let aStrides = broadcastStrides(aShape, rank: rank)
        let bStrides = broadcastStrides(bShape, rank: rank)
        guard count > 0 else { return [] }
        let inner = shape[rank - 1]
        let innerA = aStrides[rank - 1], innerB = bStrides[rank - 1]
        var result = [T]()
        result.reserveCapacity(count)
        var index = [Int](repeating: 0, count: rank)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                var offsetA = 0, offsetB = 0
                while true {
                    for j in 0..<inner { result.append(op(a[offsetA + j * innerA], b[offsetB + j * innerB])) }
                    // Advance the odometer over the outer axes.
                    var axis = rank - 2
                    while axis >= 0 {
                        index[axis] += 1
                        offsetA += aStrides[axis]
                        offsetB += bStrides[axis]
                        if index[axis] < shape[axis] { break }
                        offsetA -= aStrides[axis] * shape[axis]
                        offsetB -= bStrides[axis] * shape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                    if axis < 0 { break }
                }
            }
        }
        return result
    }

    /// Strides of `shape` right-aligned to `rank`, 0 along broadcast axes.
    static func broadcastStrides(_ shape: [Int], rank: Int) -> [Int] {
        let own = rowMajorStrides(shape)
        var strides = [Int](repeating: 0, count: rank)
        for axis in 0..<shape.count where shape[axis] != 1 {
            strides[rank - shape.count + axis] = own[axis]
        }
        return strides
    }
}
