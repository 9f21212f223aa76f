import Dispatch
import Foundation

/// Runs loop iterations on several threads (`DispatchQueue.concurrentPerform`), pulling
/// indices from a shared counter so that a slow thread takes fewer of them.
enum ParallelLoop {
    /// Calls `body(k)` for every `k` in `0..<iterations`, on up to `threads` threads, and
    /// returns when all calls have returned. `body` must only write state that no other
    /// iteration touches (for example slot `k` of a preallocated buffer).
    static func run(iterations: Int, threads: Int, _ body: (Int) -> Void) {
        let workers = min(max(1, threads), iterations)
        if workers <= 1 {
            for k in 0..<iterations { body(k) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let shared = Shared(body: body)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let k = shared.next(below: iterations) { shared.body(k) }
            }
        }
    }

    /// The loop body and the next index, shared by the worker threads; the counter is
    /// guarded by a lock and the body is documented to be safe to call concurrently.
    private final class Shared: @unchecked Sendable {
        let body: (Int) -> Void
        private let lock = NSLock()
        private var counter = 0

        init(body: @escaping (Int) -> Void) { self.body = body }

        func next(below limit: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard counter < limit else { return nil }
            counter += 1
            return counter - 1
        }
    }
}
