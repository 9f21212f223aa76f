"""Generates the performance-statistics fixtures under Fixtures/backtest/performance/.

Each case runs a small strategy with backtesting.py 0.6.6 (the library folio's
PerformanceStatistics matches), then writes
  equity.csv    timestamp (ISO 8601 UTC), time (seconds since the epoch), equity
  trades.csv    entry/exit time and bar, prices, size, pnl, return (fraction), commission
  expected.json the statistics of Backtest.run() under folio's key names (NaN as null),
                durations in days, plus the annualisation factor used.

The cases cover every annualisation path of backtesting.py's compute_stats:
intraday equity resampled to daily last values with 252 (EURUSD hourly, weekdays) and
365 days (a synthetic 24/7 hourly series), weekly bars (52), monthly bars (12), and a run
without trades (trade statistics NaN, flat equity).

Run with the reference venv:  /tmp/refvenv/bin/python generate.py
Deterministic: fixed seeds, no timestamps, sorted JSON keys.
"""
import json
import math
import os
import warnings

import numpy as np
import pandas as pd
import backtesting
from backtesting import Backtest, Strategy
from backtesting.lib import crossover
from backtesting.test import EURUSD, GOOG, BTCUSD, SMA

warnings.filterwarnings("ignore")
assert backtesting.__version__ == "0.6.6", backtesting.__version__

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "performance")


class SmaCross(Strategy):
    n1 = 10
    n2 = 20

    def init(self):
        self.sma1 = self.I(SMA, self.data.Close, self.n1)
        self.sma2 = self.I(SMA, self.data.Close, self.n2)

    def next(self):
        if crossover(self.sma1, self.sma2):
            self.position.close()
            self.buy(size=0.5)
        elif crossover(self.sma2, self.sma1):
            self.position.close()
            self.sell(size=0.5)


class Idle(Strategy):
    def init(self):
        pass

    def next(self):
        pass


def synthetic_24x7(n=2400, seed=7):
    """An hourly random walk with bars on every hour of every day (crypto-like)."""
    rng = np.random.default_rng(seed)
    index = pd.date_range("2023-01-01 00:00", periods=n, freq="h")
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.006, n)))
    open_ = np.r_[100.0, close[:-1]]
    high = np.maximum(open_, close) * (1 + np.abs(rng.normal(0, 0.002, n)))
    low = np.minimum(open_, close) * (1 - np.abs(rng.normal(0, 0.002, n)))
    return pd.DataFrame({"Open": open_, "High": high, "Low": low, "Close": close,
                         "Volume": np.ones(n)}, index=index)


def weekly(df):
    return df.resample("W").agg({"Open": "first", "High": "max", "Low": "min",
                                 "Close": "last", "Volume": "sum"}).dropna()


def days(value):
    if isinstance(value, pd.Timedelta):
        return value / pd.Timedelta(days=1)
    return float(value)


def num(x):
    x = float(x)
    return None if math.isnan(x) else x


def iso(ts):
    return pd.Timestamp(ts).strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch(ts):
    return int((pd.Timestamp(ts) - pd.Timestamp("1970-01-01")) // pd.Timedelta(seconds=1))


CASES = [
    # name, data, strategy, cash, commission, description
    ("eurusd_hourly_smacross", EURUSD, SmaCross, 10_000, 0.0002,
     "EURUSD hourly (weekdays): intraday equity resampled to daily, 252 days a year"),
    ("synthetic_24x7_hourly_smacross", synthetic_24x7(), SmaCross, 100_000, 0.001,
     "synthetic hourly random walk on all 7 days (seed 7): resampled to daily, 365 days a year"),
    ("goog_weekly_smacross", weekly(GOOG), SmaCross, 10_000, 0.002,
     "GOOG resampled to weekly bars (W-SUN): weekly returns, 52 periods a year"),
    ("btcusd_monthly_smacross", BTCUSD, SmaCross, 1_000_000, 0.002,
     "BTCUSD monthly: month-end resampling, 12 periods a year"),
    ("goog_daily_idle", GOOG, Idle, 10_000, 0.002,
     "GOOG daily with a strategy that never trades: flat equity, trade statistics NaN"),
]


def annual_trading_days(index):
    freq_days = backtesting._util._data_period(index).days
    have_weekends = index.dayofweek.to_series().between(5, 6).mean() > 2 / 7 * .6
    return (52 if freq_days == 7 else 12 if freq_days == 31 else 1 if freq_days == 365
            else (365 if have_weekends else 252))


def main():
    for name, data, strategy, cash, commission, description in CASES:
        bt = Backtest(data, strategy, cash=cash, commission=commission,
                      exclusive_orders=False, finalize_trades=True)
        s = bt.run()
        folder = os.path.join(OUT, name)
        os.makedirs(folder, exist_ok=True)
        eq = s["_equity_curve"]["Equity"]
        with open(os.path.join(folder, "equity.csv"), "w") as f:
            f.write("timestamp,time,equity\n")
            for ts, v in zip(eq.index, eq.values):
                f.write(f"{iso(ts)},{epoch(ts)},{float(v)!r}\n")
        tr = s["_trades"]
        with open(os.path.join(folder, "trades.csv"), "w") as f:
            f.write("entry_time,exit_time,entry_bar,exit_bar,entry_price,exit_price,"
                    "size,pnl,return,commission\n")
            for row in tr.itertuples(index=False):
                f.write(",".join([
                    iso(row.EntryTime), iso(row.ExitTime), str(int(row.EntryBar)),
                    str(int(row.ExitBar)), repr(float(row.EntryPrice)),
                    repr(float(row.ExitPrice)), repr(float(row.Size)), repr(float(row.PnL)),
                    repr(float(row.ReturnPct)), repr(float(row.Commission))]) + "\n")
        expected = {
            "return_pct": num(s["Return [%]"]),
            "return_ann_pct": num(s["Return (Ann.) [%]"]),
            "volatility_ann_pct": num(s["Volatility (Ann.) [%]"]),
            "cagr_pct": num(s["CAGR [%]"]),
            "sharpe": num(s["Sharpe Ratio"]),
            "sortino": num(s["Sortino Ratio"]),
            "calmar": num(s["Calmar Ratio"]),
            "max_drawdown_pct": num(s["Max. Drawdown [%]"]),
            "avg_drawdown_pct": num(s["Avg. Drawdown [%]"]),
            "max_drawdown_duration": num(days(s["Max. Drawdown Duration"])),
            "avg_drawdown_duration": num(days(s["Avg. Drawdown Duration"])),
            "exposure_pct": num(s["Exposure Time [%]"]),
            "trades": num(s["# Trades"]),
            "win_rate_pct": num(s["Win Rate [%]"]),
            "best_trade_pct": num(s["Best Trade [%]"]),
            "worst_trade_pct": num(s["Worst Trade [%]"]),
            "avg_trade_pct": num(s["Avg. Trade [%]"]),
            "profit_factor": num(s["Profit Factor"]),
            "expectancy_pct": num(s["Expectancy [%]"]),
            "sqn": num(s["SQN"]),
            "annual_trading_days": annual_trading_days(eq.index),
            "equity_final": num(s["Equity Final [$]"]),
            "equity_peak": num(s["Equity Peak [$]"]),
        }
        with open(os.path.join(folder, "expected.json"), "w") as f:
            json.dump(expected, f, indent=1, sort_keys=True)
            f.write("\n")
        with open(os.path.join(folder, "README"), "w") as f:
            f.write(f"{description}.\nbacktesting.py 0.6.6, SmaCross(10, 20) buying or selling 50% "
                    f"of equity (Idle: no orders), cash {cash:,}, commission {commission}, "
                    f"finalize_trades=True. Written by ../../generate.py.\n")
        print(name, len(eq), "bars", len(tr), "trades", "A =", expected["annual_trading_days"])


if __name__ == "__main__":
    main()
