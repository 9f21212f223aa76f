import Dispatch
import Foundation

/// Runs loop iterations on several threads (`DispatchQueue.concurrentPerform`, or threads of
/// their own), pulling indices from a shared counter so that a slow thread takes fewer of them.
public enum ParallelLoop {
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

    /// As `run(iterations:threads:_:)`, with every worker but the calling thread on a new
    /// thread of its own, for iterations that run parallel loops themselves (the blocks of a
    /// notebook's wave: CSV parsing, per-feature statistics, bootstrap chunks).
    ///
    /// Not `concurrentPerform`: libdispatch gives an apply nested inside another apply only
    /// its share of the outer one's width (width / outer width, at least 1), so each block's
    /// own loops ran on a single thread and a core stayed idle while one long block ran
    /// (perf.md: 0.64 s, of which 0.27 s parsing `features.csv` on one core; 0.38 s on threads).
    public static func runOnOwnThreads(iterations: Int, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                                       _ body: @escaping @Sendable (Int) -> Void) {
        let workers = min(max(1, threads), iterations)
        if workers <= 1 {
            for k in 0..<iterations { body(k) }
            return
        }
        let shared = Shared(body: body)
        let work: @Sendable () -> Void = {
            while let k = shared.next(below: iterations) { shared.body(k) }
        }
        let group = DispatchGroup()
        for _ in 1..<workers {
            group.enter()
            let thread = Thread {
                work()
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        work()
        group.wait()
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
