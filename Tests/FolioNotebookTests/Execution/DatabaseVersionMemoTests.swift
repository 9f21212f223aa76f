import Foundation
import Testing
@testable import FolioNotebook

/// A database source's version is computed once per render (per `FileHasher`) and URL,
/// however many blocks ask at once, and a failure is kept too.
@Suite struct DatabaseVersionMemoTests {
    /// Counts calls; each call takes a while, so that concurrent callers overlap.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [String: Int] = [:]

        func record(_ url: PostgresURL) {
            lock.lock()
            counts[url.text, default: 0] += 1
            lock.unlock()
            Thread.sleep(forTimeInterval: 0.05)
        }

        func count(_ url: String) -> Int {
            lock.lock()
            defer { lock.unlock() }
            return counts[url] ?? 0
        }
    }

    struct Unreachable: Error, CustomStringConvertible {
        var description: String { "cannot connect" }
    }

    /// Runs `body` on 8 threads at once and returns what each got.
    func concurrently(_ body: @escaping @Sendable () -> Result<String, any Error>) -> [Result<String, any Error>] {
        let lock = NSLock()
        nonisolated(unsafe) var results: [Result<String, any Error>] = []
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let result = body()
            lock.lock()
            results.append(result)
            lock.unlock()
        }
        return results
    }

    @Test func concurrentBlocksShareOneVersion() throws {
        let counter = Counter()
        let hasher = FileHasher(memoURL: nil, confinement: nil) { url in
            counter.record(url)
            return "v-" + url.text
        }
        let table = "postgresql:///market?table=features"
        let query = "postgresql:///market?query=SELECT%201"
        let results = concurrently { Result { try hasher.hash(of: URL(string: table)!) } }
        #expect(results.count == 8)
        #expect(results.allSatisfy { (try? $0.get()) == "v-" + table })
        #expect(counter.count(table) == 1)
        // Another source of the same database is versioned apart, once too.
        #expect(try hasher.hash(of: URL(string: query)!) == "v-" + query)
        #expect(try hasher.hash(of: URL(string: query)!) == "v-" + query)
        #expect(counter.count(query) == 1)
        // A new hasher (the next render) asks again.
        let next = FileHasher(memoURL: nil, confinement: nil) { url in
            counter.record(url)
            return "v2"
        }
        #expect(try next.hash(of: URL(string: table)!) == "v2")
        #expect(counter.count(table) == 2)
    }

    @Test func aFailureIsKeptForTheRender() {
        let counter = Counter()
        let hasher = FileHasher(memoURL: nil, confinement: nil) { url in
            counter.record(url)
            throw Unreachable()
        }
        let table = "postgresql://127.0.0.1:1/market?table=features"
        let results = concurrently { Result { try hasher.hash(of: URL(string: table)!) } }
        #expect(results.count == 8)
        for result in results {
            guard case .failure(let error) = result else {
                Issue.record("a version was computed")
                continue
            }
            #expect(error is FileHasher.ReadRefused)
            #expect("\(error)" == "\(table): cannot connect")
        }
        #expect(counter.count(table) == 1)
    }
}
