/// Progress lines of `folio demo-data`, each with the milliseconds since the previous one.
struct DemoStopwatch {
    let progress: DemoDataProgress?
    private let clock = ContinuousClock()
    private var started: ContinuousClock.Instant

    init(progress: DemoDataProgress?) {
        self.progress = progress
        started = clock.now
    }

    /// Reports `message` with the time since the last report (nothing without a progress sink).
    mutating func report(_ message: String) {
        guard let progress else { return }
        let elapsed = started.duration(to: clock.now)
        let ms = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        progress("\(message) (\(ms) ms)")
        started = clock.now
    }
}
