namespace HybridMargin.Fix.Session;

/// <summary>Why an application message's fields are not acceptable: answered with a session Reject (35=3).</summary>
/// <param name="Reason">SessionRejectReason (373).</param>
/// <param name="Tag">RefTagID (371).</param>
/// <param name="Text">Text (58): a constant, so reading a message allocates nothing even when it is refused.</param>
public readonly record struct FieldProblem(int Reason, int Tag, string Text)
{
    /// <summary>No problem.</summary>
    public bool IsNone => Text is null;
}
