using HybridMargin.Books;
using HybridMargin.Risk;

namespace HybridMargin.Engine;

/// <summary>
/// Everything the engine keeps per account, written only by the risk thread. Linear aggregates are kept per
/// <em>side</em> — 0 positions and balances, 1 open buys, 2 open sells — so that "positions + all open buys
/// filled" and "positions + all open sells filled" (SPEC §5 check 8) are sums. Quantities that are not linear
/// in the holdings (haircut balance values, short-option minimums, scan losses) are cached per
/// <em>combination</em>: 0 positions only, 1 with open buys, 2 with open sells.
/// </summary>
internal sealed class AccountState
{
    public AccountState(AccountSpec spec, MarketState market, double[] sigma, double[] gamma)
    {
        int n = market.AssetCount;
        int m = market.InstrumentCount;
        Index = spec.Index;
        Id = spec.Id;
        var limits = spec.Limits;
        MaxOrderQuantity = limits.MaxOrderQty ?? double.PositiveInfinity;
        MaxOrderNotional = limits.MaxOrderNotional ?? double.PositiveInfinity;
        PriceBand = limits.PriceBand ?? double.PositiveInfinity;
        MaxOpenOrders = limits.MaxOpenOrders ?? int.MaxValue;
        Throttle = limits.MaxOrdersPerSecond is int rate ? new OrderThrottle(rate) : null;
        MaxPosition = new double[m];
        Array.Fill(MaxPosition, double.PositiveInfinity);
        foreach (var (instrument, max) in limits.MaxPosition)
        {
            MaxPosition[instrument] = max;
        }

        Balance = [new double[n], new double[n], new double[n]];
        Quantity = [new double[m], new double[m], new double[m]];
        DerivativeValue = [new double[n], new double[n], new double[n]];
        Grid = [new double[n * ScenarioGrid.Width], new double[n * ScenarioGrid.Width], new double[n * ScenarioGrid.Width]];
        BalanceValue = [new double[n], new double[n], new double[n]];
        ShortOptionQuantity = [new double[n], new double[n], new double[n]];
        Loss = [new double[n], new double[n], new double[n]];
        Exposure = new SidedQuadraticForm(sigma, 2 * n);
        GammaExposure = new SidedQuadraticForm(gamma, n);
        Held = new int[n][];
        HeldCount = new int[n];
        IsHeld = new bool[m];
        for (int a = 0; a < n; a++)
        {
            // Sized for every instrument on the asset, so first touches never grow it on the hot path.
            Held[a] = new int[market.InstrumentsOn(a).Length];
        }

        Scratch = new double[2 * n];
        ScratchProduct = new double[2 * n];
    }

    public int Index { get; }

    public string Id { get; }

    public double MaxOrderQuantity { get; }

    public double MaxOrderNotional { get; }

    public double PriceBand { get; }

    public int MaxOpenOrders { get; }

    public OrderThrottle? Throttle { get; }

    /// <summary>Per instrument; +∞ where the book sets none.</summary>
    public double[] MaxPosition { get; }

    public bool Disabled { get; set; }

    public bool InLiquidation { get; set; }

    public int OpenOrders { get; set; }

    public double ModelAddOn { get; set; }

    /// <summary>[side][asset]: side 0 the balances, sides 1/2 what all open buys/sells would add when filled.</summary>
    public double[][] Balance { get; }

    /// <summary>[side][instrument]: side 0 derivative positions, sides 1/2 signed open quantity (buys +, sells −), spot included.</summary>
    public double[][] Quantity { get; }

    /// <summary>[side]: Σ q·m·price of futures and perpetuals (their P&amp;L is mark − entry).</summary>
    public double[] Cost { get; } = new double[3];

    /// <summary>[side][underlying]: Σ q·m·value of derivatives.</summary>
    public double[][] DerivativeValue { get; }

    /// <summary>[side]: Σ over underlyings of <see cref="DerivativeValue"/>.</summary>
    public double[] DerivativeValueTotal { get; } = new double[3];

    /// <summary>(D, V) per side over the 2n factors, with M = Σ.</summary>
    public SidedQuadraticForm Exposure { get; }

    /// <summary>G per side over the n price factors, with M = Γ.</summary>
    public SidedQuadraticForm GammaExposure { get; }

    /// <summary>[side]: ½ Σ_i G_i Σ_ii, the delta-gamma P&amp;L mean.</summary>
    public double[] Mean { get; } = new double[3];

    /// <summary>[side][underlying × Width]: weighted scenario P&amp;L vectors.</summary>
    public double[][] Grid { get; }

    /// <summary>[combination][asset]: haircut value of the combination's balance.</summary>
    public double[][] BalanceValue { get; }

    /// <summary>[combination][underlying]: Σ |q·m| of short options.</summary>
    public double[][] ShortOptionQuantity { get; }

    /// <summary>[combination][underlying]: Loss_i = max(ScanLoss_i, ShortOptionMinimum_i).</summary>
    public double[][] Loss { get; }

    /// <summary>[underlying]: instruments this account has ever held or ordered on it (first <see cref="HeldCount"/> entries).</summary>
    public int[][] Held { get; }

    public int[] HeldCount { get; }

    public bool[] IsHeld { get; }

    /// <summary>Preallocated buffers for the rejection slow path.</summary>
    public double[] Scratch { get; }

    public double[] ScratchProduct { get; }

    public Span<double> GridOf(int side, int asset) => Grid[side].AsSpan(asset * ScenarioGrid.Width, ScenarioGrid.Width);

    public void MarkHeld(int instrument, int underlying)
    {
        if (!IsHeld[instrument])
        {
            IsHeld[instrument] = true;
            Held[underlying][HeldCount[underlying]++] = instrument;
        }
    }

    /// <summary>True when anything of the account moves with the asset's mark.</summary>
    public bool Touches(int asset) =>
        HeldCount[asset] > 0 || Balance[0][asset] != 0 || Balance[1][asset] != 0 || Balance[2][asset] != 0;
}
