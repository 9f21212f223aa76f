import Dispatch
import Foundation

/// Runs the blocks of one wave concurrently, on threads of their own.
///
/// Not `DispatchQueue.concurrentPerform`: libdispatch gives an apply nested inside another
/// apply only its share of the outer one's width (width / outer width, at least 1), so the
/// blocks' own parallel loops (CSV parsing, per-feature statistics, bootstrap chunks) each ran
/// on a single thread, and a core stayed idle while one long block ran (perf.md: 0.64 s,
/// of which 0.27 s parsing `features.csv` on one core; 0.38 s on threads).
enum BlockThreads {
    /// Calls `body(k)` for every `k` in `0..<count`, in index order on up to `width`
    /// threads (the calling thread and `width - 1` new ones), and returns when all calls have
    /// returned.
    static func run(_ count: Int, width: Int = ProcessInfo.processInfo.activeProcessorCount,
                    _ body: @escaping @Sendable (Int) -> Void) {
        let workers = min(max(1, width), count)
        guard workers > 1 else {
            for k in 0..<count { body(k) }
            return
        }
        let next = Counter()
        let work: @Sendable () -> Void = {
            while let k = next.take(below: count) { body(k) }
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

    /// The next index to run, shared by the threads.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0

        func take(below limit: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard value < limit else { return nil }
            value += 1
            return value - 1
        }
    }
}
