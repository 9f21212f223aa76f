import Dispatch
import Foundation

/// Independent per-item work (a feature's sort and statistics, a notebook's parse) spread
/// over the processors, with results and errors in index order so that output never
/// depends on scheduling.
enum ParallelMap {
    /// `body(0) ... body(count - 1)`, run concurrently when there are several processors,
    /// in index order.
    static func map<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        let slots = ConcurrentSlots<T?>(Array(repeating: nil, count: count))
        let work: @Sendable (Int) -> Void = { k in slots.set(k, body(k)) }
        if count > 1 && ProcessInfo.processInfo.activeProcessorCount > 1 {
            DispatchQueue.concurrentPerform(iterations: count, execute: work)
        } else {
            for k in 0..<count { work(k) }
        }
        // `concurrentPerform` runs every iteration before it returns: no slot is empty.
        return slots.value.compactMap { $0 }
    }

    /// `map(_:_:)` for a body that throws.
    ///
    /// - Throws: the error of the lowest failing index.
    static func map<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) throws(DirectiveError) -> T) throws(DirectiveError) -> [T] {
        let results = map(count) { k in Result { () throws(DirectiveError) in try body(k) } }
        var out: [T] = []
        out.reserveCapacity(count)
        for result in results { out.append(try result.get()) }
        return out
    }
}
