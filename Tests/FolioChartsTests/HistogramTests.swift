import Foundation
import Testing

@testable import FolioCharts

@Suite("Histograms")
struct HistogramTests {
    struct Case: CustomStringConvertible {
        var name: String
        var values: [Double]
        var other: [Double]
        var bins: Histogram.Bins
        var edges: [Double]
        var counts: [Int]
        var density: [Double]
        var description: String { name }
    }

    /// Cases written by `Fixtures/histogram/generate.py` from numpy.
    static func cases() throws -> [Case] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/histogram/numpy_histogram.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any]
        let list = object?["cases"] as? [[String: Any]] ?? []
        return list.map { c in
            let bins: Histogram.Bins =
                (c["bins"] as? [Double]).map { .edges($0) } ?? .count((c["bins"] as? Int) ?? 0)
            return Case(
                name: c["name"] as? String ?? "?", values: c["values"] as? [Double] ?? [],
                other: c["other"] as? [Double] ?? [], bins: bins, edges: c["edges"] as? [Double] ?? [],
                counts: c["counts"] as? [Int] ?? [], density: c["density"] as? [Double] ?? [])
        }
    }

    static func close(_ a: Double, _ b: Double) -> Bool {
        a == b || abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    }

    @Test("Edges, counts and densities match numpy.histogram")
    func matchesNumpy() throws {
        let cases = try Self.cases()
        #expect(cases.count == 5)
        for c in cases {
            let edges = try #require(try Histogram.binEdges(for: [c.values, c.other], bins: c.bins))
            #expect(edges.count == c.edges.count, "\(c.name)")
            for (a, b) in zip(edges, c.edges) { #expect(Self.close(a, b), "\(c.name): edge \(a) vs \(b)") }
            let counts = Histogram.counts(c.values + [.nan, .infinity], edges: edges)
            #expect(counts == c.counts, "\(c.name)")
            let density = Histogram.heights(counts, edges: edges, normalization: .density)
            for (a, b) in zip(density, c.density) { #expect(Self.close(a, b), "\(c.name): density \(a) vs \(b)") }
        }
    }

    @Test("Proportions sum to one")
    func proportions() {
        let edges = [0.0, 1, 2, 3]
        let heights = Histogram.heights(Histogram.counts([0.5, 1.5, 1.5, 2.5], edges: edges), edges: edges, normalization: .proportion)
        #expect(heights == [0.25, 0.5, 0.25])
    }

    @Test("Overlaid samples render as step outlines with distinct dashes and a legend")
    func overlay() throws {
        var data = TestData(seed: 3)
        let train = (0..<5000).map { _ in data.normal() }
        let val = (0..<2000).map { _ in data.normal() * 1.2 + 0.4 }
        let chart = Histogram(
            title: "volume_z", series: [HistogramSeries(name: "train", values: train), HistogramSeries(name: "val", values: val)],
            bins: .count(30), normalization: .density, xAxis: Axis(title: "volume_z"))
        let (_, parsed) = try checkDocument(chart)
        // No fill that could hide the other sample: two outlines, solid and dashed.
        #expect(parsed.all("path").filter { $0.attributes["fill-opacity"] != nil }.isEmpty)
        let outlines = parsed.all("path").filter { $0.attributes["fill"] == "none" }
        #expect(outlines.count == 2)
        #expect(outlines.map { $0.attributes["stroke-dasharray"] } == [nil, "6 4"])
        #expect(parsed.texts.contains("train") && parsed.texts.contains("val"))
        #expect(parsed.texts.contains("Density"))
    }

    @Test("Invalid bins are errors; samples without finite values show No data")
    func invalid() throws {
        #expect(throws: ChartError.invalidBinEdges) { try Histogram.binEdges(for: [], bins: .edges([1, 1, 2])) }
        #expect(throws: ChartError.invalidBinEdges) { try Histogram.binEdges(for: [], bins: .edges([0, .nan])) }
        #expect(throws: ChartError.invalidBinCount(0)) { try Histogram.binEdges(for: [], bins: .count(0)) }
        let bad = Histogram(title: "Bad", series: [HistogramSeries(name: "a", values: [1])], bins: .edges([2, 1]))
        let (_, parsedBad) = try checkDocument(bad)
        #expect(parsedBad.texts.contains { $0.contains("strictly increasing") })
        let empty = Histogram(title: "Empty", series: [HistogramSeries(name: "a", values: [.nan, .infinity])])
        let (_, parsedEmpty) = try checkDocument(empty)
        #expect(parsedEmpty.texts.contains("No data"))
    }
}
