namespace HybridMargin.Gate;

/// <summary>What an inbound event asks the risk stage to do.</summary>
public enum GateEventKind : byte
{
    /// <summary>Evaluate (and reserve) an order.</summary>
    Order = 1,

    /// <summary>Cancel an open order.</summary>
    Cancel,

    /// <summary>Replace an open order.</summary>
    Replace,

    /// <summary>Apply a (partial) fill.</summary>
    Fill,

    /// <summary>Set an asset's mark.</summary>
    Mark,

    /// <summary>Set an option's implied vol.</summary>
    ImpliedVol,

    /// <summary>Deposit or withdraw a balance.</summary>
    Balance,

    /// <summary>Turn an account's kill switch on or off.</summary>
    KillSwitch,

    /// <summary>Records each stage thread's allocated bytes (tests and the latency suite).</summary>
    Probe,

    /// <summary>Start a background recalculation now (if none is running).</summary>
    Recalculate,

    /// <summary>Adopt a finished background recalculation (its <see cref="Recalculation.RiskSnapshot"/>).</summary>
    AdoptSnapshot,
}
