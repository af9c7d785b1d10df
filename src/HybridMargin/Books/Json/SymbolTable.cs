namespace HybridMargin.Books.Json;

/// <summary>
/// Names of one kind (asset symbols, instrument symbols, account ids) to indices, remembering where each was
/// declared so that a duplicate can point back at the first one.
/// </summary>
internal sealed class SymbolTable(string kind)
{
    private readonly Dictionary<string, (int Index, string Path)> _entries = new(StringComparer.Ordinal);

    public void Add(string name, int index, string path)
    {
        if (!_entries.TryAdd(name, (index, path)))
        {
            throw new BookException(path, $"duplicate {kind} '{name}' (first at {_entries[name].Path})");
        }
    }

    public bool TryFind(string name, out int index)
    {
        bool found = _entries.TryGetValue(name, out var entry);
        index = entry.Index;
        return found;
    }

    public int Resolve(string name, string path) =>
        TryFind(name, out int index) ? index : throw new BookException(path, $"unknown {kind} '{name}'");
}
