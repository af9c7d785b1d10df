using System.Text;

namespace HybridMargin.Fix;

/// <summary>
/// Finds a name (account id, instrument symbol) by its UTF-8 bytes as they arrive on the wire, without making a
/// string, and hands back each name's bytes for writing. Built once; read-only afterwards, so any thread may use it.
/// </summary>
public sealed class Utf8Directory
{
    private readonly byte[][] _names;
    private readonly int[] _buckets;
    private readonly int _mask;

    /// <summary>Indexes <paramref name="names"/> by position; names must be distinct.</summary>
    public Utf8Directory(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = new byte[names.Count][];
        int size = 4;
        while (size < names.Count * 2)
        {
            size *= 2;
        }

        _buckets = new int[size];
        _mask = size - 1;
        for (int i = 0; i < names.Count; i++)
        {
            _names[i] = Encoding.UTF8.GetBytes(names[i]);
            if (Find(_names[i]) >= 0)
            {
                throw new ArgumentException($"duplicate name '{names[i]}'", nameof(names));
            }

            int b = Hash(_names[i]) & _mask;
            while (_buckets[b] != 0)
            {
                b = (b + 1) & _mask;
            }

            _buckets[b] = i + 1;
        }
    }

    /// <summary>Number of names.</summary>
    public int Count => _names.Length;

    /// <summary>The index of <paramref name="name"/>, or -1.</summary>
    public int Find(ReadOnlySpan<byte> name)
    {
        int b = Hash(name) & _mask;
        while (true)
        {
            int entry = _buckets[b];
            if (entry == 0)
            {
                return -1;
            }

            if (_names[entry - 1].AsSpan().SequenceEqual(name))
            {
                return entry - 1;
            }

            b = (b + 1) & _mask;
        }
    }

    /// <summary>The UTF-8 bytes of name <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Name(int index) => _names[index];

    // FNV-1a: short keys, no per-process seed needed (the table is not fed by attackers beyond configured names).
    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        uint h = 2166136261;
        foreach (byte b in bytes)
        {
            h = (h ^ b) * 16777619;
        }

        return (int)(h ^ (h >> 15));
    }
}
