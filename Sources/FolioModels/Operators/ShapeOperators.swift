/// Operators that change only a tensor's shape, or read it: Flatten, Reshape, Squeeze,
/// Unsqueeze, Shape. The elements are shared, not copied.
extension OperatorRegistry {
    static let shapeKernels: [String: Kernel] = [
        "Flatten": { context throws(ModelError) in
            let data = try context.input(0)
            var axis = try context.int("axis", default: 1)
            if axis < 0 { axis += data.rank }
            guard axis >= 0 && axis <= data.rank else {
                throw context.error("axis \(axis) is out of range for rank \(data.rank)")
            }
            let outer = data.shape[..<axis].reduce(1, *)
            return [data.reshaped([outer, data.shape[axis...].reduce(1, *)])]
        },
        "Reshape": { context throws(ModelError) in
            let data = try context.input(0)
            let requested = try context.integerInput(1)
            let allowZero = try context.int("allowzero", default: 0) != 0
            var shape: [Int] = []
            var inferred: Int? = nil
            for (axis, size) in requested.enumerated() {
                switch size {
                case -1:
                    guard inferred == nil else { throw context.error("shape \(requested) has more than one -1") }
                    inferred = axis
                    shape.append(1)
                case 0 where !allowZero:
                    guard axis < data.rank else {
                        throw context.error("shape \(requested) copies dimension \(axis) (0), but the input has rank \(data.rank)")
                    }
                    shape.append(data.shape[axis])
                case let size where size >= 0:
                    shape.append(size)
                default:
                    throw context.error("shape \(requested) has a negative size other than -1")
                }
            }
            if let inferred {
                guard let known = checkedProduct(shape), known > 0, data.count % known == 0 else {
                    throw context.error("cannot reshape \(data.shape) (\(data.count) elements) to \(requested)")
                }
                shape[inferred] = data.count / known
            }
            guard checkedProduct(shape) == data.count else {
                throw context.error("cannot reshape \(data.shape) (\(data.count) elements) to \(requested)")
            }
            return [data.reshaped(shape)]
        },
        "Squeeze": { context throws(ModelError) in
            let data = try context.input(0)
            // Opset 13+: axes is input 2; earlier exports carried it as an attribute.
            var given = try context.optionalIntegerInput(1)
            if given == nil { given = try context.ints("axes") }
            var axes: Set<Int> = []
            if let given {
                for axis in given {
                    let normalized = try context.normalizedAxis(axis, rank: data.rank)
                    guard data.shape[normalized] == 1 else {
                        throw context.error("cannot squeeze axis \(axis) of shape \(data.shape): its size is not 1")
                    }
                    axes.insert(normalized)
                }
            } else {
                axes = Set(data.shape.indices.filter { data.shape[$0] == 1 })
            }
            return [data.reshaped(data.shape.indices.filter { !axes.contains($0) }.map { data.shape[$0] })]
        },
        "Unsqueeze": { context throws(ModelError) in
            let data = try context.input(0)
            var axesInput = try context.optionalIntegerInput(1)
            if axesInput == nil { axesInput = try context.ints("axes") }
            guard let given = axesInput else {
                throw context.error("axes (input 2) is required")
            }
            let rank = data.rank + given.count
            var axes: Set<Int> = []
            for axis in given {
                let normalized = try context.normalizedAxis(axis, rank: rank)
                guard axes.insert(normalized).inserted else { throw context.error("axis \(axis) is repeated") }
            }
            var shape: [Int] = []
            var source = data.shape.makeIterator()
            for axis in 0..<rank { shape.append(axes.contains(axis) ? 1 : source.next()!) }
            return [data.reshaped(shape)]
        },
        "Shape": { context throws(ModelError) in
            let data = try context.input(0)
            // Opset 15 start/end: a slice of the shape, clamped as Slice clamps.
            func clamp(_ value: Int) -> Int { min(max(value < 0 ? value + data.rank : value, 0), data.rank) }
            let start = clamp(try context.int("start", default: 0))
            let end = clamp(try context.int("end", default: data.rank))
            let dims = start < end ? Array(data.shape[start..<end]) : []
            return [Tensor(shape: [dims.count], int64s: dims.map { Int64($0) })]
        },
    ]
}
