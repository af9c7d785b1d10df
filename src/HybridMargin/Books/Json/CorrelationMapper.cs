namespace HybridMargin.Books.Json;

/// <summary>
/// Turns the sparse <c>correlations</c> object ("A/B": ρ) into the dense symmetric matrix of
/// <see cref="Book.Correlations"/>: missing pairs 0, unit diagonal.
/// </summary>
internal static class CorrelationMapper
{
    public const char Separator = '/';

    private const string Path = "correlations";

    public static double[] Map(Dictionary<string, double>? dto, SymbolTable assetSymbols, int assetCount)
    {
        var matrix = new double[assetCount * assetCount];
        for (int i = 0; i < assetCount; i++)
        {
            matrix[(i * assetCount) + i] = 1;
        }

        if (dto is null)
        {
            return matrix;
        }

        // Where each off-diagonal pair was first given, so that "B/A" can be checked against "A/B".
        var givenAt = new string?[assetCount * assetCount];
        foreach (var (key, value) in dto)
        {
            string path = JsonPath.Member(Path, key);
            var (a, b) = Pair(key, path, assetSymbols);
            Set(matrix, givenAt, assetCount, a, b, value, path);
        }

        return matrix;
    }

    private static (int A, int B) Pair(string key, string path, SymbolTable assetSymbols)
    {
        int slash = key.IndexOf(Separator, StringComparison.Ordinal);
        if (slash <= 0 || slash == key.Length - 1 || key.IndexOf(Separator, slash + 1) >= 0)
        {
            throw new BookException(path, $"a correlation key names two assets as \"A{Separator}B\", got '{key}'");
        }

        return (assetSymbols.Resolve(key[..slash], path), assetSymbols.Resolve(key[(slash + 1)..], path));
    }

    private static void Set(double[] matrix, string?[] givenAt, int n, int a, int b, double value, string path)
    {
        if (!NumberRange.Correlation.Contains(value))
        {
            throw new BookException(path, $"must be {NumberRange.Correlation}, got {NumberRange.Format(value)}");
        }

        if (a == b)
        {
            if (value != 1)
            {
                throw new BookException(path, $"the correlation of an asset with itself is 1, got {NumberRange.Format(value)}");
            }

            return;
        }

        if (givenAt[(a * n) + b] is { } first)
        {
            if (matrix[(a * n) + b] != value)
            {
                throw new BookException(path, $"{NumberRange.Format(value)} conflicts with {NumberRange.Format(matrix[(a * n) + b])} given at {first}");
            }

            return;
        }

        matrix[(a * n) + b] = value;
        matrix[(b * n) + a] = value;
        givenAt[(a * n) + b] = path;
        givenAt[(b * n) + a] = path;
    }
}
