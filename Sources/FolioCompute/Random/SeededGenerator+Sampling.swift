extension SeededGenerator {
    /// `count` distinct indices drawn uniformly from `0..<population` without replacement
    /// (Robert Floyd's algorithm), in ascending order; all of them when `count >= population`.
    ///
    /// - Complexity: O(count log count).
    public mutating func sampleIndices(count: Int, from population: Int) -> [Int] {
        guard population > 0, count > 0 else { return [] }
        guard count < population else { return Array(0..<population) }
        var chosen = Set<Int>()
        chosen.reserveCapacity(count)
        for j in (population - count)..<population {
            let t = nextInt(below: j + 1)
            if !chosen.insert(t).inserted { chosen.insert(j) }
        }
        return chosen.sorted()
    }
}
