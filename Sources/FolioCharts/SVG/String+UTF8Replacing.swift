extension String {
    /// The byte offsets in `utf8` where `needle` starts, left to right, not overlapping.
    ///
    /// A byte comparison: for a needle that neither starts with a combining scalar nor is
    /// followed by one in `self` (the chart id token, followed by `-`), the matches are
    /// those of the Character-based `ranges(of:)` of the standard library, which was the
    /// slowest part of writing a large chart (profiled on the backtest's equity curves).
    func utf8Offsets(of needle: String) -> [Int] {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return [] }
        var copy = self
        return copy.withUTF8 { bytes -> [Int] in
            var found: [Int] = []
            var i = 0
            let last = bytes.count - pattern.count
            while i <= last {
                if bytes[i] == first, pattern.indices.allSatisfy({ bytes[i + $0] == pattern[$0] }) {
                    found.append(i)
                    i += pattern.count
                } else {
                    i += 1
                }
            }
            return found
        }
    }

    /// `self` with the needle at each of `offsets` (from ``utf8Offsets(of:)``) replaced by `replacement`.
    func replacingUTF8(at offsets: [Int], length: Int, with replacement: String) -> String {
        guard !offsets.isEmpty else { return self }
        let bytes = Array(utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + offsets.count * max(0, replacement.utf8.count - length))
        var start = 0
        for offset in offsets {
            out.append(contentsOf: bytes[start..<offset])
            out.append(contentsOf: replacement.utf8)
            start = offset + length
        }
        out.append(contentsOf: bytes[start...])
        return String(decoding: out, as: UTF8.self)
    }
}
