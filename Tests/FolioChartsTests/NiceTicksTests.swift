import Testing

@testable import FolioCharts

@Suite("Nice ticks (Heckbert)")
struct NiceTicksTests {
    @Test("Heckbert's nicenum picks 1, 2, 5 or 10 times a power of ten")
    func niceNumber() {
        #expect(NiceTicks.niceNumber(438, round: false) == (5, 2))
        #expect(NiceTicks.niceNumber(125, round: true) == (1, 2))
        #expect(NiceTicks.niceNumber(0.25, round: true) == (2, -1))
        #expect(NiceTicks.niceNumber(0.07, round: true) == (1, -1))
        #expect(NiceTicks.niceNumber(1000, round: false) == (1, 3))
        #expect(NiceTicks.niceNumber(3.2e-7, round: true) == (5, -7))
    }

    @Test("Heckbert's loose labelling may widen the domain past the data")
    func looseWidens() {
        // step 0.6 / 3 = 0.2: the domain grows from 0.1 ... 0.7 to 0 ... 0.8.
        #expect(NiceTicks.loose(min: 0.1, max: 0.7, count: 4).values == [0, 0.2, 0.4, 0.6, 0.8])
        // 2.4 / 7 = 0.34 rounds to 0.5, not to 1 as with a rounded range.
        #expect(NiceTicks.loose(min: -1.15, max: 1.25, count: 8).values == [-1.5, -1, -0.5, 0, 0.5, 1, 1.5])
    }

    @Test("The Graphics Gems example: 105 ... 543 in 5 ticks is 100 ... 600 by 100")
    func gemsExample() {
        let ticks = NiceTicks.loose(min: 105, max: 543, count: 5)
        #expect(ticks.values == [100, 200, 300, 400, 500, 600])
        #expect(ticks.lower == 100 && ticks.upper == 600)
        #expect(ticks.fractionDigits == 0)
    }

    @Test("Decimal ticks are the doubles nearest to the decimal values")
    func decimalTicks() {
        let ticks = NiceTicks.loose(min: 0, max: 1, count: 6)
        #expect(ticks.values == [0, 0.2, 0.4, 0.6, 0.8, 1])
        let small = NiceTicks.loose(min: 0.1, max: 0.7, count: 7)
        #expect(small.values == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7])
        let labels = AxisScale.tickLabels(small.values, fractionDigits: small.fractionDigits, step: small.step, format: .number)
        #expect(labels == ["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"])
    }

    @Test(
        "Steps follow 1-2-5, ticks cover the data and are evenly spaced",
        arguments: [
            (0.0, 1.0), (-0.031, 0.072), (105, 543), (99_812, 100_245), (-8541, 9975), (1e-7, 3.3e-7),
            (0.0004, 0.0097), (1_000_000, 98_000_000), (-3.7, -1.2), (42, 42.000001),
        ])
    func oneTwoFive(low: Double, high: Double) {
        for count in 2...12 {
            let ticks = NiceTicks.loose(min: low, max: high, count: count)
            let mantissa = ticks.step / NumberText.powerOfTen(Int(ticks.step.log10Floor))
            #expect([1, 2, 5].contains { abs($0 - mantissa) < 1e-9 }, "step \(ticks.step)")
            #expect(ticks.lower <= low && ticks.upper >= high)
            #expect(ticks.values.count >= 2)
            for i in 1..<ticks.values.count {
                let gap = ticks.values[i] - ticks.values[i - 1]
                // Exact up to the spacing of doubles at the ticks' magnitude.
                let tolerance = max(ticks.step * 1e-9, abs(ticks.values[i]) * 4e-16)
                #expect(abs(gap - ticks.step) <= tolerance)
            }
        }
    }

    @Test("Ticks within a fixed range stay inside it, at least two of them")
    func within() {
        let unit = NiceTicks.within(min: 0, max: 1, count: 6)
        #expect(unit.lower == 0 && unit.upper == 1)
        #expect(unit.values == [0, 0.2, 0.4, 0.6, 0.8, 1])
        let odd = NiceTicks.within(min: 0.13, max: 0.17, count: 2)
        #expect(odd.values.count >= 2)
        #expect(odd.values.allSatisfy { $0 >= 0.13 && $0 <= 0.17 })
        let edges = NiceTicks.within(min: -4.61, max: 5.02, count: 12)
        #expect(edges.values.first == -4 && edges.values.last == 5)
    }

    @Test("A single value or zero span still gets a domain with ticks")
    func degenerate() {
        let zero = NiceTicks.loose(min: 0, max: 0, count: 5)
        #expect(zero.lower < 0 && zero.upper > 0)
        let constant = NiceTicks.loose(min: 3, max: 3, count: 5)
        #expect(constant.lower < 3 && constant.upper > 3 && constant.values.count >= 2)
        let reversed = NiceTicks.loose(min: 5, max: 1, count: 5)
        #expect(reversed.lower <= 1 && reversed.upper >= 5)
    }

    @Test("Tick labels: fixed decimals, minus sign, grouping, suffixes, percent")
    func labels() {
        #expect(
            AxisScale.tickLabels([-0.02, 0, 0.02], fractionDigits: 2, step: 0.02, format: .number)
                == ["\u{2212}0.02", "0", "0.02"])
        #expect(
            AxisScale.tickLabels([0, 25_000, 50_000], fractionDigits: 0, step: 25_000, format: .number)
                == ["0", "25,000", "50,000"])
        #expect(
            AxisScale.tickLabels([0, 500_000, 1_000_000, 1_500_000], fractionDigits: 0, step: 500_000, format: .number)
                == ["0", "0.5M", "1M", "1.5M"])
        #expect(
            AxisScale.tickLabels([0, 0.25, 0.5, 0.75], fractionDigits: 2, step: 0.25, format: .percent)
                == ["0%", "25%", "50%", "75%"])
        #expect(
            AxisScale.tickLabels([0.07, 0.075, 0.08], fractionDigits: 3, step: 0.005, format: .percent)
                == ["7%", "7.5%", "8%"])
    }

    @Test("Horizontal axes drop ticks until labels no longer overlap")
    func horizontalFit() {
        let narrow = AxisScale.make(
            axis: Axis(), dataMin: 0, dataMax: 1_000_000_000, loose: false, length: 200, horizontal: true)
        #expect(AxisScale.labelsFit(narrow.ticks, narrow.labels, lower: narrow.lower, upper: narrow.upper, length: 200))
        let wide = AxisScale.make(axis: Axis(), dataMin: 0, dataMax: 1, loose: false, length: 700, horizontal: true)
        #expect(wide.ticks.count >= 6)
    }
}
