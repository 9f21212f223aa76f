/// Validation of chart sizes.
enum ChartSize {
    /// Throws when the size is not finite or smaller than the minimum.
    static func validate(width: Double, height: Double, minWidth: Double, minHeight: Double) throws(ChartError) {
        guard width.isFinite, height.isFinite, width >= minWidth, height >= minHeight, width <= 100_000,
            height <= 100_000
        else {
            throw .invalidLayout(
                "chart size \(NumberText.coordinate(width)) x \(NumberText.coordinate(height)) must be finite, "
                    + "at least \(NumberText.coordinate(minWidth)) x \(NumberText.coordinate(minHeight))")
        }
    }
}
