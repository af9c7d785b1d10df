namespace HybridMargin.Cli.Replay;

/// <summary>What an adopted snapshot did to the automated risk parameters (SPEC §4.7) of the replayed engine.</summary>
internal enum SnapshotParameters : byte
{
    /// <summary>The snapshot carries no vols or haircuts (automated parameters were off).</summary>
    None,

    /// <summary>It carries vols and haircuts equal to the engine's.</summary>
    Unchanged,

    /// <summary>At least one vol or haircut differs from the engine's.</summary>
    Changed,
}
