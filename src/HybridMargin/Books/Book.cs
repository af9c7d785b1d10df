using System.Collections.Frozen;

namespace HybridMargin.Books;

/// <summary>
/// A validated book (SPEC §3): parameters, market, instruments and accounts, with symbols resolved to indices.
/// Immutable after load; the engine keeps its own mutable copies of marks and state.
/// </summary>
public sealed class Book
{
    private readonly FrozenDictionary<string, int> _assetBySymbol;
    private readonly FrozenDictionary<string, int> _instrumentBySymbol;
    private readonly FrozenDictionary<string, int> _accountById;

    /// <summary>Builds a book from already validated parts. Use <see cref="BookLoader"/> to read one from JSON.</summary>
    /// <param name="asOf">Valuation time; times to expiry are measured from it.</param>
    /// <param name="parameters">Risk parameters.</param>
    /// <param name="assets">Assets, <c>assets[i].Index == i</c>.</param>
    /// <param name="correlations">Price-return correlation matrix, row-major n×n, unit diagonal, symmetric.</param>
    /// <param name="instruments">Instruments, <c>instruments[i].Index == i</c>.</param>
    /// <param name="accounts">Accounts, <c>accounts[i].Index == i</c>.</param>
    public Book(
        DateTimeOffset asOf,
        RiskParameters parameters,
        IReadOnlyList<Asset> assets,
        double[] correlations,
        IReadOnlyList<Instrument> instruments,
        IReadOnlyList<AccountSpec> accounts)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(correlations);
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(accounts);
        if (correlations.Length != assets.Count * assets.Count)
        {
            throw new ArgumentException($"correlations must be {assets.Count}x{assets.Count}", nameof(correlations));
        }

        AsOf = asOf;
        Parameters = parameters;
        Assets = assets;
        Correlations = correlations;
        Instruments = instruments;
        Accounts = accounts;
        _assetBySymbol = assets.ToFrozenDictionary(a => a.Symbol, a => a.Index, StringComparer.Ordinal);
        _instrumentBySymbol = instruments.ToFrozenDictionary(i => i.Symbol, i => i.Index, StringComparer.Ordinal);
        _accountById = accounts.ToFrozenDictionary(a => a.Id, a => a.Index, StringComparer.Ordinal);
    }

    /// <summary>Valuation time.</summary>
    public DateTimeOffset AsOf { get; }

    /// <summary>Risk parameters.</summary>
    public RiskParameters Parameters { get; }

    /// <summary>Assets by index.</summary>
    public IReadOnlyList<Asset> Assets { get; }

    /// <summary>Price-return correlations, row-major n×n (n = asset count).</summary>
    public double[] Correlations { get; }

    /// <summary>Instruments by index.</summary>
    public IReadOnlyList<Instrument> Instruments { get; }

    /// <summary>Accounts by index.</summary>
    public IReadOnlyList<AccountSpec> Accounts { get; }

    /// <summary>Correlation of the price returns of assets i and j.</summary>
    public double Correlation(int i, int j) => Correlations[(i * Assets.Count) + j];

    /// <summary>Asset index of a symbol, or -1.</summary>
    public int FindAsset(string symbol) => _assetBySymbol.GetValueOrDefault(symbol, -1);

    /// <summary>Instrument index of a symbol, or -1.</summary>
    public int FindInstrument(string symbol) => _instrumentBySymbol.GetValueOrDefault(symbol, -1);

    /// <summary>Account index of an id, or -1.</summary>
    public int FindAccount(string id) => _accountById.GetValueOrDefault(id, -1);
}
