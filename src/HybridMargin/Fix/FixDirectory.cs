using HybridMargin.Books;

namespace HybridMargin.Fix;

/// <summary>The book's accounts and instruments by their wire names, plus each instrument's reference price for the simulated venue.</summary>
public sealed class FixDirectory
{
    /// <summary>Builds the directory from <paramref name="book"/>.</summary>
    public FixDirectory(Book book)
    {
        ArgumentNullException.ThrowIfNull(book);
        Accounts = new Utf8Directory(book.Accounts.Select(a => a.Id).ToArray());
        Instruments = new Utf8Directory(book.Instruments.Select(i => i.Symbol).ToArray());
    }

    /// <summary>Account ids (tag 1).</summary>
    public Utf8Directory Accounts { get; }

    /// <summary>Instrument symbols (tag 55).</summary>
    public Utf8Directory Instruments { get; }
}
