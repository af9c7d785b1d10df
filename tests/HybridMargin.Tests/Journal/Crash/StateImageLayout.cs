using HybridMargin.Engine;

namespace HybridMargin.Tests.Journal.Crash;

/// <summary>
/// Where each field of an engine's state image lies (the image is the engine's <see cref="RiskEngine.VisitState"/>
/// enumeration written out), so a difference between two images can be named: "account.held[3] at byte 1234".
/// </summary>
internal sealed class StateImageLayout : IStateVisitor
{
    private readonly StateImageWriter _writer = new();
    private readonly List<(string Name, int Start, int ElementSize, bool Array)> _fields = [];

    public bool Restores => false;

    /// <summary>The first byte where <paramref name="a"/> and <paramref name="b"/> differ, named by the field of <paramref name="engine"/>'s layout; null when equal.</summary>
    public static string? FirstDifference(RiskEngine engine, byte[] a, byte[] b)
    {
        int offset = a.AsSpan().CommonPrefixLength(b);
        if (offset == a.Length && a.Length == b.Length)
        {
            return null;
        }

        var layout = new StateImageLayout();
        engine.VisitState(layout);
        return $"images of {a.Length:N0} and {b.Length:N0} bytes first differ at byte {offset:N0}, in {layout.FieldAt(offset)}";
    }

    public void Value(string name, ref double value)
    {
        Record(name, 8, false);
        _writer.Value(name, ref value);
    }

    public void Value(string name, ref long value)
    {
        Record(name, 8, false);
        _writer.Value(name, ref value);
    }

    public void Value(string name, ref int value)
    {
        Record(name, 4, false);
        _writer.Value(name, ref value);
    }

    public void Value(string name, ref bool value)
    {
        Record(name, 1, false);
        _writer.Value(name, ref value);
    }

    public void Values(string name, double[] values)
    {
        Record(name, 8, true);
        _writer.Values(name, values);
    }

    public void Values(string name, long[] values)
    {
        Record(name, 8, true);
        _writer.Values(name, values);
    }

    public void Values(string name, int[] values)
    {
        Record(name, 4, true);
        _writer.Values(name, values);
    }

    public void Values(string name, bool[] values)
    {
        Record(name, 1, true);
        _writer.Values(name, values);
    }

    public void OpenOrders(string name, OpenOrder[] slots, ReadOnlySpan<ulong> free)
    {
        // Opaque: the table's encoding is the writer's business (it may skip empty slots), so only the offset into it is named.
        Record(name, 0, true);
        _writer.OpenOrders(name, slots, free);
    }

    private void Record(string name, int elementSize, bool array) => _fields.Add((name, _writer.Written.Length, elementSize, array));

    private string FieldAt(int offset)
    {
        int i = _fields.FindLastIndex(f => f.Start <= offset);
        if (i < 0)
        {
            return "nothing (before the first field)";
        }

        var (name, start, size, array) = _fields[i];
        // Per-account fields repeat once per account (in account order): say which occurrence.
        int occurrences = _fields.Count(f => f.Name == name);
        string which = occurrences > 1 ? $" (occurrence {_fields.Take(i).Count(f => f.Name == name) + 1} of {occurrences})" : "";
        if (!array)
        {
            return $"{name}{which}";
        }

        if (size == 0)
        {
            return $"{name}{which}, byte {offset - start} of its image";
        }

        return offset < start + 4 ? $"{name}{which} length prefix" : $"{name}[{(offset - start - 4) / size}]{which}, byte {(offset - start - 4) % size} of the element";
    }
}
