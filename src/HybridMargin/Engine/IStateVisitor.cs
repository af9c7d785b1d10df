namespace HybridMargin.Engine;

/// <summary>
/// Sees every mutable field of the engine's state in one fixed order (<see cref="RiskEngine.VisitState"/>): a writer
/// copies them out (snapshots, state comparison), a reader overwrites them (recovery). One enumeration for both, so
/// nothing can be saved and not restored. Arrays keep their length: a reader refuses one of another size.
/// </summary>
internal interface IStateVisitor
{
    /// <summary>True for a reader: what the engine derives from the visited fields (not in the image) must then be rebuilt.</summary>
    bool Restores { get; }

    void Value(string name, ref double value);

    void Value(string name, ref long value);

    void Value(string name, ref int value);

    void Value(string name, ref bool value);

    void Values(string name, double[] values);

    void Values(string name, long[] values);

    void Values(string name, int[] values);

    void Values(string name, bool[] values);

    /// <summary>
    /// The open-order table's slots; <paramref name="free"/> has a bit per slot (slot i: bit i % 64 of word i / 64), set
    /// exactly where the slot is free, and clear past the last slot. A writer scans it instead of the slots.
    /// </summary>
    void OpenOrders(string name, OpenOrder[] slots, ReadOnlySpan<ulong> free);
}
