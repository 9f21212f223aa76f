/// The tickers of the demo data set: the four the team's notebooks name first, Bitcoin,
/// then large US stocks and ETFs. Past the list, synthetic tickers `SYM0001`, `SYM0002`, ...
public enum DemoTickers {
    /// The named tickers, in order (151 of them).
    public static let named: [String] = [
        "AAPL", "MSFT", "NVDA", "SPY", "BTCUSD", "AMZN", "GOOGL", "META", "TSLA", "JPM", "V",
        "UNH", "XOM", "JNJ", "WMT", "MA", "PG", "HD", "CVX", "MRK", "ABBV", "LLY", "PEP", "KO",
        "AVGO", "COST", "ADBE", "CSCO", "CRM", "TMO", "MCD", "ACN", "ABT", "DHR", "NFLX", "LIN",
        "NKE", "TXN", "DIS", "AMD", "ORCL", "PM", "WFC", "NEE", "INTC", "UPS", "BMY", "RTX",
        "QCOM", "HON", "LOW", "UNP", "AMGN", "SBUX", "INTU", "IBM", "BA", "CAT", "GS", "SPGI",
        "DE", "AMAT", "BLK", "GE", "MS", "PLD", "ELV", "ISRG", "MDT", "GILD", "ADP", "T", "VZ",
        "CVS", "LMT", "SYK", "BKNG", "TJX", "MDLZ", "C", "AXP", "MMC", "ADI", "REGN", "VRTX", "CB",
        "ZTS", "CI", "SCHW", "MO", "PGR", "NOW", "SO", "DUK", "BDX", "LRCX", "EQIX", "SLB", "BSX",
        "EOG", "ITW", "AON", "CME", "MU", "APD", "CSX", "ICE", "CL", "ETN", "NOC", "WM", "FDX",
        "PNC", "USB", "HUM", "MCO", "SHW", "KLAC", "EMR", "GD", "SNPS", "CDNS", "ORLY", "MAR",
        "PYPL", "F", "GM", "NSC", "MMM", "ROP", "PSX", "MPC", "AEP", "KMB", "SRE", "TGT", "D",
        "EW", "OXY", "ADSK", "MCHP", "HCA", "AZO", "TRV", "AIG", "MET", "PH", "CTAS", "QQQ", "IWM",
        "DIA"
    ]

    /// Tickers that trade around the clock (24 hourly bars every day); the others trade 7
    /// hourly bars (14:00 to 20:00 UTC) on weekdays.
    public static let crypto: Set<String> = ["BTCUSD"]

    /// The first `count` tickers.
    public static func first(_ count: Int) -> [String] {
        var out = Array(named.prefix(max(0, count)))
        var i = 1
        while out.count < count {
            var digits = String(i)
            while digits.count < 4 { digits = "0" + digits }
            out.append("SYM" + digits)
            i += 1
        }
        return out
    }
}
