import Dispatch
import Foundation

/// Independent per-column work (a feature's sort and statistics) spread over the
/// processors, with results and errors in index order so that output never depends on
/// scheduling.
enum ParallelMap {
    /// `body(0) ... body(count - 1)`, run concurrently when there are several processors.
    ///
    /// - Throws: the error of the lowest failing index.
    static func map<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) throws(DirectiveError) -> T) throws(DirectiveError) -> [T] {
        let slots = ConcurrentSlots<Result<T, DirectiveError>?>(Array(repeating: nil, count: count))
        let work: @Sendable (Int) -> Void = { k in
            do throws(DirectiveError) {
                slots.set(k, .success(try body(k)))
            } catch {
                slots.set(k, .failure(error))
            }
        }
        if count > 1 && ProcessInfo.processInfo.activeProcessorCount > 1 {
            DispatchQueue.concurrentPerform(iterations: count, execute: work)
        } else {
            for k in 0..<count { work(k) }
        }
        var out: [T] = []
        out.reserveCapacity(count)
        for slot in slots.value {
            switch slot {
            case .success(let value): out.append(value)
            case .failure(let error): throw error
            case nil: throw DirectiveError("internal error: a parallel task did not run")
            }
        }
        return out
    }
}
