namespace HybridMargin.Journal;

/// <summary>
/// The inbound event kinds a journal records. The values are those of the matching
/// <see cref="Gate.GateEventKind"/> members and are part of the file format: never renumber them.
/// </summary>
public enum JournalEventKind : byte
{
    /// <summary>An order to evaluate.</summary>
    Order = 1,

    /// <summary>A cancel of an open order.</summary>
    Cancel = 2,

    /// <summary>A replace of an open order.</summary>
    Replace = 3,

    /// <summary>A (partial) fill.</summary>
    Fill = 4,

    /// <summary>An asset's mark.</summary>
    Mark = 5,

    /// <summary>An option's implied vol.</summary>
    ImpliedVol = 6,

    /// <summary>A balance deposit or withdrawal.</summary>
    Balance = 7,

    /// <summary>An account's kill switch turned on or off.</summary>
    KillSwitch = 8,

    /// <summary>
    /// A background recalculation adopted by the risk thread: its model add-ons and, with automated parameters, the
    /// new vols and haircuts — the parameter changes of SPEC §4.7, recorded with their values so replay needs no
    /// Monte Carlo run and does not depend on the background thread's timing.
    /// </summary>
    AdoptSnapshot = 11,
}
