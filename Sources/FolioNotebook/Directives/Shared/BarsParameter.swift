import FolioCompute
import Foundation

/// The `bars` parameter shared by `backtest` and `label-audit`: the folder of
/// `<SYMBOL>.csv` bar files (default `bars`, relative to the notebook's data folder),
/// loaded once per render — every symbol, read in parallel — and shared by every block
/// that names the same folder.
public struct BarsParameter: Sendable {
    public let url: URL
    /// Where the folder was given (the block when defaulted).
    public let location: SourceLocation

    /// Decodes `key` (default `bars`).
    public init(parameters: ParameterReader, context: DirectiveContext, key: String = "bars") throws(DirectiveError) {
        location = parameters.location(of: key)
        url = try context.resolveDataPath(parameters.string(key, default: "bars"), at: location)
    }

    /// The folder as an input: its files' contents are part of the cache key.
    public var input: DataInput { DataInput(url: url, kind: .folder, location: location) }

    /// Checks that the folder exists and holds bar files; for `folio check`.
    public func validate(context: DirectiveContext) throws(DirectiveError) {
        do {
            _ = try BarsFolder.symbols(in: url, display: context.displayPath(url))
        } catch {
            throw DirectiveError("\(error)", at: location)
        }
    }

    /// Every symbol's bars, in symbol order, loaded once per render.
    public func load(context: DirectiveContext) throws(DirectiveError) -> [PriceSeries] {
        let url = self.url, location = self.location, display = context.displayPath(url)
        return try context.load(url, as: "bars") { () throws -> [PriceSeries] in
            let parse = { () throws(DirectiveError) -> [PriceSeries] in
                do {
                    return try BarsFolder.load(url, display: display)
                } catch {
                    throw DirectiveError("\(error)", at: location)
                }
            }
            // A folder an earlier render parsed: its series from `.folio/cache/columns/`.
            return try context.services.parsed(url, kind: "bars", toFrame: PriceSeries.frame,
                                               fromArchive: PriceSeries.series(from:), parse: parse)
        }
    }

    /// The bars of `symbols` (all when `nil`); an unknown symbol is an error located at
    /// `symbolsLocation`, with a suggestion.
    ///
    /// Symbols named in the block are taken from every symbol's bars when another block of
    /// the render has loaded them already; else read alone: from the folder's column archive
    /// when an earlier render left one, else from their own files. An edited block on five symbols
    /// reads their bars, not the other 138's (`core` of backtest_campaign: 56 MB less to
    /// copy, fault in and free; and no folder of 143 files to parse when no archive is there).
    /// When that fails (an unknown symbol, a bad file), every symbol is loaded as without
    /// `symbols`, so that the error is the same.
    public func load(symbols: [String]?, at symbolsLocation: SourceLocation, context: DirectiveContext) throws(DirectiveError) -> [PriceSeries] {
        if let symbols, context.loaded(url, as: "bars", type: [PriceSeries].self) == nil {
            let wanted = Array(Set(symbols)).sorted()
            let url = self.url, display = context.displayPath(url)
            let some = try context.load(url, as: "bars of " + wanted.joined(separator: ",")) { () -> [PriceSeries]? in
                context.services.archived(url, kind: "bars") { PriceSeries.series(from: $0, symbols: wanted) }
                    ?? (try? BarsFolder.load(url, symbols: wanted, display: display))
            }
            if let some { return some }
        }
        let all = try load(context: context)
        guard let symbols else { return all }
        var bySymbol: [String: PriceSeries] = [:]
        for s in all { bySymbol[s.symbol] = s }
        var out: [PriceSeries] = []
        for symbol in Array(Set(symbols)).sorted() {
            guard let series = bySymbol[symbol] else {
                throw DirectiveError("no bars for symbol '\(symbol)' in \(context.displayPath(url))\(Suggestion.hint(for: symbol, in: all.map(\.symbol)))",
                                     at: symbolsLocation)
            }
            out.append(series)
        }
        return out
    }
}
