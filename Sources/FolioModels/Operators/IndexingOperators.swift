/// Operators that move elements: Transpose, Gather, Slice, Concat. Each computes, for every
/// output element, the index of its source element, then gathers (any element type).
extension OperatorRegistry {
    static let indexingKernels: [String: Kernel] = [
        "Transpose": { context throws(ModelError) in
            let data = try context.input(0)
            let perm = try context.ints("perm") ?? Array((0..<data.rank).reversed())
            guard perm.count == data.rank, Set(perm) == Set(0..<data.rank) else {
                throw context.error("perm \(perm) is not a permutation of the \(data.rank) axes")
            }
            let strides = rowMajorStrides(data.shape)
            let shape = perm.map { data.shape[$0] }
            let indices = Indexing.sourceIndices(shape: shape) { axis in (0, strides[perm[axis]]) }
            return [Tensor(shape: shape, storage: data.storage.gathering(indices))]
        },
        "Gather": { context throws(ModelError) in
            let data = try context.input(0)
            let indexTensor = try context.input(1)
            guard let indices = indexTensor.integers else {
                throw context.error("indices must be int64 or int32, not \(indexTensor.elementType)")
            }
            let axis = try context.normalizedAxis(try context.int("axis", default: 0), rank: data.rank)
            let size = data.shape[axis]
            let outer = data.shape[..<axis].reduce(1, *)
            let inner = data.shape[(axis + 1)...].reduce(1, *)
            var sources: [Int] = []
            sources.reserveCapacity(outer * indices.count * inner)
            for index in indices where index < -size || index >= size {
                throw context.error("index \(index) is out of range for axis \(axis) of size \(size)", .invalidInput)
            }
            for o in 0..<outer {
                for index in indices {
                    let base = (o * size + (index < 0 ? index + size : index)) * inner
                    for i in 0..<inner { sources.append(base + i) }
                }
            }
            let shape = Array(data.shape[..<axis]) + indexTensor.shape + Array(data.shape[(axis + 1)...])
            return [Tensor(shape: shape, storage: data.storage.gathering(sources))]
        },
        "Slice": { context throws(ModelError) in
            let data = try context.input(0)
            let starts = try context.integerInput(1)
            let ends = try context.integerInput(2)
            let axes = try context.optionalIntegerInput(3) ?? Array(0..<starts.count)
            let steps = try context.optionalIntegerInput(4) ?? Array(repeating: 1, count: starts.count)
            guard ends.count == starts.count, axes.count == starts.count, steps.count == starts.count else {
                throw context.error("starts, ends, axes and steps differ in length")
            }
            var first = [Int](repeating: 0, count: data.rank)
            var step = [Int](repeating: 1, count: data.rank)
            var shape = data.shape
            var seen: Set<Int> = []
            for k in starts.indices {
                let axis = try context.normalizedAxis(axes[k], rank: data.rank)
                guard seen.insert(axis).inserted else { throw context.error("axis \(axes[k]) is repeated") }
                guard steps[k] != 0 else { throw context.error("step 0 on axis \(axes[k])") }
                let (start, count) = Indexing.sliceRange(start: starts[k], end: ends[k], step: steps[k], size: data.shape[axis])
                first[axis] = start
                step[axis] = steps[k]
                shape[axis] = count
            }
            let strides = rowMajorStrides(data.shape)
            let indices = Indexing.sourceIndices(shape: shape) { axis in
                // Wrapping: a huge step only occurs with one element on its axis, whose stride is unused.
                (first[axis] * strides[axis], step[axis] &* strides[axis])
            }
            return [Tensor(shape: shape, storage: data.storage.gathering(indices))]
        },
        "Concat": { context throws(ModelError) in
            let parts = context.inputs.compactMap { $0 }
            guard let head = parts.first else { throw context.error("no inputs") }
            let axis = try context.normalizedAxis(try context.int("axis", default: 0), rank: head.rank)
            for part in parts {
                guard part.rank == head.rank,
                    part.shape.indices.allSatisfy({ $0 == axis || part.shape[$0] == head.shape[$0] })
                else {
                    throw context.error("input shapes \(parts.map(\.shape)) differ outside axis \(axis)")
                }
                guard part.elementType == head.elementType else {
                    throw context.error("inputs mix \(head.elementType) and \(part.elementType)")
                }
            }
            let outer = head.shape[..<axis].reduce(1, *)
            let inner = head.shape[(axis + 1)...].reduce(1, *)
            // Join the inputs end to end, then gather their blocks in output order.
            guard let joined = head.storage.appending(contentsOf: parts.dropFirst().map(\.storage)) else {
                throw context.error("inputs mix element types")
            }
            var offsets: [Int] = []
            var running = 0
            for part in parts { offsets.append(running); running += part.count }
            var sources: [Int] = []
            sources.reserveCapacity(running)
            for o in 0..<outer {
                for (k, part) in parts.enumerated() {
                    let block = part.shape[axis] * inner
                    let base = offsets[k] + o * block
                    for i in 0..<block { sources.append(base + i) }
                }
            }
            var shape = head.shape
            shape[axis] = parts.reduce(0) { $0 + $1.shape[axis] }
            return [Tensor(shape: shape, storage: joined.gathering(sources))]
        },
    ]
}

enum Indexing {
    /// For every element of an output of `shape` (row-major), its index in the source,
    /// where `axisMap(axis)` gives the source offset of position 0 along that output axis
    /// and the source distance between neighbours along it.
    static func sourceIndices(shape: [Int], axisMap: (Int) -> (offset: Int, stride: Int)) -> [Int] {
        let count = shape.reduce(1, *)
        guard count > 0 else { return [] }
        let rank = shape.count
        if rank == 0 { return [0] }
        let maps = (0..<rank).map(axisMap)
        let base = maps.reduce(0) { $0 + $1.offset }
        var indices = [Int]()
        indices.reserveCapacity(count)
        var position = [Int](repeating: 0, count: rank)
        var offset = base
        let innerStride = maps[rank - 1].stride
        let inner = shape[rank - 1]
        while true {
            for j in 0..<inner { indices.append(offset + j * innerStride) }
            var axis = rank - 2
            while axis >= 0 {
                position[axis] += 1
                offset += maps[axis].stride
                if position[axis] < shape[axis] { break }
                offset -= maps[axis].stride * shape[axis]
                position[axis] = 0
                axis -= 1
            }
            if axis < 0 { break }
        }
        return indices
    }

    /// The first index and element count of `start:end:step` on an axis of `size`, clamped
    /// as ONNX Slice (and numpy) clamp.
    static func sliceRange(start: Int, end: Int, step: Int, size: Int) -> (start: Int, count: Int) {
        var start = start < 0 ? start + size : start
        var end = end < 0 ? end + size : end
        if step > 0 {
            start = min(max(start, 0), size)
            end = min(max(end, 0), size)
            return (start, end > start ? (end - start - 1) / step + 1 : 0)
        } else {
            start = min(max(start, 0), size - 1)
            end = min(max(end, -1), size - 1)
            // step.magnitude: -Int.min would trap.
            return (start, start > end ? Int(UInt(start - end - 1) / step.magnitude) + 1 : 0)
        }
    }
}
